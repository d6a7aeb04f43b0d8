package untorn.core.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class LsnProperties {
  @Property
  void printsAndParsesBack(@ForAll long value) {
    Lsn lsn = Lsn.of(value);
    assertThat(Lsn.parse(lsn.toString())).isEqualTo(lsn);
  }

  @Property
  void ordersAsUnsigned(@ForAll long a, @ForAll long b) {
    assertThat(Integer.signum(Lsn.of(a).compareTo(Lsn.of(b)))).isEqualTo(Integer.signum(Long.compareUnsigned(a, b)));
  }

  @Example
  void printsThePostgresWay() {
    assertThat(Lsn.of(0x16B3748L).toString()).isEqualTo("0/16B3748");
    assertThat(Lsn.of(0x1_0000_0000L).toString()).isEqualTo("1/0");
    assertThat(Lsn.parse("0/16B3748").value()).isEqualTo(0x16B3748L);
    assertThat(Lsn.parse("FFFFFFFF/FFFFFFFF")).isEqualTo(Lsn.MAX);
    assertThat(Lsn.of(0x16_B374_D848L).toString()).isEqualTo("16/B374D848");
    assertThat(Lsn.parse("16/B374D848").value()).isEqualTo(0x16_B374_D848L);
    // PostgreSQL accepts either case and leading zeros, and prints upper case without padding.
    assertThat(Lsn.parse("16/b374d848")).isEqualTo(Lsn.parse("00000016/B374D848"));
    assertThat(Lsn.of(0x8000_0000_0000_0000L).toString()).isEqualTo("80000000/0");
  }

  @Example
  void rejectsMalformedText() {
    for (String bad : new String[] {"", "/", "0/", "/0", "1/2/3", "x/1", "123456789/0", "0/123456789", "0x1/0", "-1/0",
        "+1/0", " 0/1", "0/1 ", "0/1\n", "1\u0660/0", "\uFF11/0", "0/\uFF21", "0/16B3748\u0000", "16B3748"}) {
      assertThatThrownBy(() -> Lsn.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Example
  void arithmeticNeverWrapsSilently() {
    assertThatThrownBy(() -> Lsn.MAX.plus(1)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Lsn.ZERO.minus(Lsn.of(1))).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Lsn.ZERO.plus(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Lsn.of(10).plus(5).minus(Lsn.of(3))).isEqualTo(12);
    // Unsigned: crossing 2^63 is ordinary arithmetic, not an overflow.
    assertThat(Lsn.of(Long.MAX_VALUE).plus(1)).isEqualTo(Lsn.of(Long.MIN_VALUE));
    assertThat(Lsn.of(Long.MIN_VALUE).minus(Lsn.of(Long.MAX_VALUE))).isEqualTo(1);
    // Underflow by more than 2^63 wraps to a positive number: only the unsigned comparison sees it.
    assertThatThrownBy(() -> Lsn.ZERO.minus(Lsn.MAX)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Lsn.of(5).minus(Lsn.of(Long.MIN_VALUE + 6))).isInstanceOf(ArithmeticException.class);
    // A distance of 2^63 or more does not fit the signed long minus() returns.
    assertThatThrownBy(() -> Lsn.MAX.minus(Lsn.ZERO)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Lsn.of(Long.MIN_VALUE).minus(Lsn.ZERO)).isInstanceOf(ArithmeticException.class);
  }
}
