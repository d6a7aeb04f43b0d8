package untorn.check.elle;

import clojure.lang.IPersistentCollection;
import clojure.lang.PersistentArrayMap;
import clojure.lang.PersistentHashMap;
import clojure.lang.PersistentHashSet;
import clojure.lang.PersistentVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import untorn.check.edn.Keyword;
import untorn.check.edn.Symbol;

/** ClojureData converts the EDN reader's Java values to Clojure's persistent data, deeply. */
final class ClojureData {
  private ClojureData() {}

  static clojure.lang.Keyword keyword(String name) {
    return clojure.lang.Keyword.intern(name);
  }

  static Object toClojure(Object v) {
    if (v instanceof Keyword) {
      return clojure.lang.Keyword.intern(((Keyword) v).name());
    }
    if (v instanceof Symbol) {
      return clojure.lang.Symbol.intern(((Symbol) v).name());
    }
    if (v instanceof List) {
      List<?> in = (List<?>) v;
      List<Object> out = new ArrayList<>(in.size());
      for (Object o : in) {
        out.add(toClojure(o));
      }
      return PersistentVector.create(out);
    }
    if (v instanceof Set) {
      List<Object> out = new ArrayList<>();
      for (Object o : (Set<?>) v) {
        out.add(toClojure(o));
      }
      return PersistentHashSet.create(out);
    }
    if (v instanceof Map) {
      return map((Map<?, ?>) v);
    }
    return v; // nil, numbers, strings, characters, booleans, tagged values
  }

  private static IPersistentCollection map(Map<?, ?> in) {
    Object[] kvs = new Object[in.size() * 2];
    int i = 0;
    for (Map.Entry<?, ?> e : in.entrySet()) {
      kvs[i++] = toClojure(e.getKey());
      kvs[i++] = toClojure(e.getValue());
    }
    return kvs.length <= 16 ? new PersistentArrayMap(kvs) : PersistentHashMap.create(kvs);
  }
}
