package untorn.core.types;

/** Term is a consensus term (Paxos ballot). Terms start at 0 ("never voted") and only grow. */
public record Term(long value) implements Comparable<Term> {
  public static final Term ZERO = new Term(0);

  public Term {
    if (value < 0) {
      throw new IllegalArgumentException("negative term " + value);
    }
  }

  public static Term of(long value) {
    return new Term(value);
  }

  public Term next() {
    return new Term(Math.addExact(value, 1));
  }

  public boolean isAfter(Term other) {
    return value > other.value;
  }

  public static Term max(Term a, Term b) {
    return a.value >= b.value ? a : b;
  }

  @Override
  public int compareTo(Term other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return "t" + value;
  }
}
