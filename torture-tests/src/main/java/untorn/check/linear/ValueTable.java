package untorn.check.linear;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import untorn.check.edn.EdnWriter;

/**
 * ValueTable interns a history's values as dense ints so that model states are ints. Id 0 is
 * {@code nil}. Values are compared with Java equality, which for EDN values is Clojure's {@code =}.
 */
public final class ValueTable {
  public static final int NIL = 0;

  private final Map<Object, Integer> ids = new HashMap<>();
  private final List<Object> values = new ArrayList<>();

  public ValueTable() {
    values.add(null);
  }

  public int id(Object value) {
    if (value == null) {
      return NIL;
    }
    Integer id = ids.get(value);
    if (id == null) {
      id = values.size();
      ids.put(value, id);
      values.add(value);
    }
    return id;
  }

  public Object value(int id) {
    return values.get(id);
  }

  /** The value printed as EDN, for explanations. */
  public String edn(int id) {
    return EdnWriter.toEdn(values.get(id));
  }
}
