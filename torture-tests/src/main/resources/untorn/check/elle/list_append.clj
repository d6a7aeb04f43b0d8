(ns untorn.check.elle.list-append
  "An Elle-style isolation checker for list-append histories (Kingsbury and Alvaro, 'Elle:
  Inferring Isolation Anomalies from Experimental Observations', VLDB 2020), our own code.

  Transactions append unique elements to lists and read whole lists. Reads reveal each key's
  version order (every read must be a prefix of the longest one), and the order gives the
  dependencies between transactions: ww (one appended the element right after another's), wr
  (one read a list ending with another's element), rw (one read a version another overwrote).
  Process and real-time order add edges where the model asks. Cycles in the resulting graph are
  anomalies, named by the edges they need: G0 (ww only), G1c (ww and wr), G-single (exactly one
  rw), G2-item (two or more), each suffixed -process or -realtime when it needs such an edge.
  Aborted reads (G1a), intermediate reads (G1b), internal inconsistency, duplicate elements and
  incompatible orders are found directly.

  Every cycle reported is a real simple cycle. Finding cycles of a class is a breadth-first
  reachability question per start edge (see untorn.check.elle.graph), so only the number of
  start edges needs the budget. One cycle per strongly connected component is always found,
  budget or not: when the hunt runs out, the verdict still rests on the SCCs, and is 'unknown'
  only when they do not settle it (snapshot isolation, whose G2-item cycles are allowed)."
  (:require [clojure.string :as str]
            [untorn.check.elle.graph :as g])
  (:import (java.util HashMap Map)
           (untorn.check Budget)))

(set! *warn-on-reflection* true)

(def ^:private base-classes ["G0" "G1c" "G-single" "G2-item"])

(defn- with-suffix [suffix classes] (map #(str % suffix) classes))

(def models
  "Each model: the session/real-time edges it adds and the cycle classes it proscribes."
  (let [si ["G0" "G1c" "G-single"]]
    {"read-committed" {:extra 0, :cycles ["G0" "G1c"]}
     "snapshot-isolation" {:extra 0, :cycles si}
     "serializable" {:extra 0, :cycles base-classes}
     "strong-session-snapshot-isolation" {:extra g/process, :cycles (concat si (with-suffix "-process" si))}
     "strong-session-serializable" {:extra g/process, :cycles (concat base-classes (with-suffix "-process" base-classes))}
     "strict-serializable" {:extra g/realtime, :cycles (concat base-classes (with-suffix "-realtime" base-classes))}}))

(def direct-anomalies
  "Anomalies found without cycles; every model proscribes them."
  #{"G1a" "G1b" "internal" "duplicate-elements" "incompatible-order"})

(def ^:private examples-max 8)

(def ^:private data-types (bit-or g/ww g/wr g/rw))

(defn- cycle-spec
  "The search spec of a cycle class, given the model's extra edge type."
  [cls ^long extra]
  (let [[base suffix] (str/split cls #"-(?=process|realtime)")
        spec (case base
               "G0" {:allowed g/ww, :rw-min 0, :rw-max 0, :wr? false, :start g/ww}
               "G1c" {:allowed (bit-or g/ww g/wr), :rw-min 0, :rw-max 0, :wr? true, :start g/wr}
               "G-single" {:allowed data-types, :rw-min 1, :rw-max 1, :wr? false, :start g/rw}
               "G2-item" {:allowed data-types, :rw-min 2, :rw-max 2, :wr? false, :start g/rw})]
    (if suffix
      (assoc spec :allowed (bit-or (long (:allowed spec)) extra), :extra? true, :start extra)
      (assoc spec :extra? false))))

;; ---------------------------------------------------------------- direct anomalies

(defn- read-value [v] (or v []))

(defn- ends-with? [v tail]
  (let [n (count v), k (count tail)]
    (and (>= n k) (= tail (subvec v (- n k))))))

(defn- internal-anomaly
  "The first read of an ok transaction that disagrees with its own earlier reads and appends."
  [txn]
  (loop [[mop & more] (:mops txn), known {}, appended {}]
    (when mop
      (let [[f k v] mop]
        (if (= f :append)
          (recur more known (update appended k (fnil conj []) v))
          (let [v (read-value v)
                prior (get known k)
                mine (get appended k [])
                expected (when prior (into prior mine))]
            (if (if prior (= v expected) (ends-with? v mine))
              (recur more (assoc known k v) (dissoc appended k))
              {:type "internal", :txn txn, :key k, :value v,
               :expected (or expected (into ['...] mine))})))))))

(defn- writer-index
  "Element [k v] -> {:txn, :last?} for every append of every transaction, failed ones included.
  Two appends of one element to one key break list-append's premise: the history is rejected."
  ^Map [txns]
  (let [idx (HashMap.)]
    (doseq [t txns]
      (let [appends (filterv #(= :append (first %)) (:mops t))
            last-of (persistent! (reduce (fn [m [_ k v]] (assoc! m k v)) (transient {}) appends))]
        (doseq [[_ k v] appends]
          (when-let [other (.get idx [k v])]
            (throw (ex-info (str "element " (pr-str v) " is appended to key " (pr-str k) " twice (at index "
                                 (:index (:txn other)) " and " (:index t)
                                 "): a list-append history needs unique appends")
                            {:unreadable true})))
          (.put idx [k v] {:txn t, :last? (= v (get last-of k))}))))
    idx))

(defn- reads-by-key
  "Key -> [[txn list] ...] for every read of an ok transaction, in history order."
  [ok-txns]
  (persistent!
    (reduce (fn [m t]
              (reduce (fn [m [f k v]]
                        (if (= f :r) (assoc! m k (conj (get m k []) [t (read-value v)])) m))
                      m (:mops t)))
            (transient {}) ok-txns)))

(defn- first-duplicate
  "The index of the first element of v that repeats an earlier one, or nil."
  [v]
  (let [seen (java.util.HashSet.)]
    (loop [i 0]
      (when (< i (count v))
        (if (.add seen (nth v i)) (recur (inc i)) i)))))

(defn- first-aborted
  "The index of the first element of v appended by a failed transaction, or nil."
  [k v ^Map writers]
  (loop [i 0]
    (when (< i (count v))
      (let [w (.get writers [k (nth v i)])]
        (if (and w (= :fail (:type (:txn w)))) i (recur (inc i)))))))

(defn- key-anomalies
  "Version order and per-read anomalies of one key. Every read must be a prefix of the longest;
  then the longest read alone is scanned for duplicates and aborted elements, and a read on its
  path has one iff it is longer than the position where the longest has it. A read off that path
  (incompatible) is scanned itself. Returns {:order (nil when reads are incompatible), :anomalies}."
  [k reads ^Map writers]
  (let [[_ longest] (reduce (fn [[_ l :as best] [_ v :as r]] (if (> (count v) (count l)) r best)) [nil []] reads)
        on-path? (fn [v] (= v (subvec longest 0 (min (count longest) (count v)))))
        bad (for [[t v] reads :when (not (on-path? v))]
              {:type "incompatible-order", :txn t, :key k, :value v, :longest longest})
        dup (first-duplicate longest)
        aborted (first-aborted k longest writers)
        found (fn [t v d a]
                (concat
                  (when d
                    [{:type "duplicate-elements", :txn t, :key k, :value v, :dups [(nth v d)]}])
                  (when a
                    (let [x (nth v a)]
                      [{:type "G1a", :txn t, :writer (:txn (.get writers [k x])), :key k, :value v, :element x}]))))
        per-read (fn [[t v]]
                   (concat
                     (if (on-path? v)
                       (found t v (when (and dup (> (count v) (long dup))) dup)
                              (when (and aborted (> (count v) (long aborted))) aborted))
                       (found t v (first-duplicate v) (first-aborted k v writers)))
                     (let [w (when (seq v) (.get writers [k (peek v)]))]
                       (when (and w (not= (:id (:txn w)) (:id t)) (not= :fail (:type (:txn w))) (not (:last? w)))
                         [{:type "G1b", :txn t, :writer (:txn w), :key k, :value v, :element (peek v)}]))))]
    (if (seq bad)
      {:order nil, :anomalies (concat [(first bad)] (mapcat per-read reads))}
      {:order longest, :anomalies (mapcat per-read reads)})))

(defn- version-orders
  "Key -> its longest read (keys whose reads are incompatible give none), and the anomalies
  found key by key."
  [ok-txns ^Map writers]
  (reduce (fn [acc [k reads]]
            (let [{:keys [order anomalies]} (key-anomalies k reads writers)]
              (cond-> (update acc :anomalies into anomalies)
                order (update :orders assoc k order))))
          {:orders {}, :anomalies []}
          (reads-by-key ok-txns)))

;; ---------------------------------------------------------------- dependency edges

(defn- note!
  "Adds edge a->b of type t and remembers the first reason for it."
  [^Map edges ^Map why n a b t reason]
  (let [a (long (:id a)), b (long (:id b)), t (long t)]
    (when (not= a b)
      (g/add-edge! edges n a b t)
      (.putIfAbsent why [a b t] reason))))

(defn- data-edges! [edges why n ok-txns ^Map writers orders]
  (let [writer (fn [k x] (let [w (.get writers [k x])]
                           (when (and w (not= :fail (:type (:txn w)))) (:txn w))))]
    (doseq [[k vo] orders
            i (range (dec (count vo)))
            :let [x (nth vo i), y (nth vo (inc i))
                  a (writer k x), b (writer k y)]
            :when (and a b)]
      (note! edges why n a b g/ww {:key k, :prev x, :next y}))
    (doseq [t ok-txns
            [f k v] (:mops t)
            :when (and (= f :r) (contains? orders k))
            :let [v (read-value v)
                  nxt (get (orders k) (count v))]]
      (when-let [w (and (seq v) (writer k (peek v)))]
        (note! edges why n w t g/wr {:key k, :value v}))
      (when-let [w (and (some? nxt) (writer k nxt))]
        (note! edges why n t w g/rw {:key k, :value v, :next nxt})))))

(defn- process-edges!
  "Each process's transactions in order: an ok one precedes the process's next one."
  [edges why n txns]
  (doseq [[p ts] (group-by :process (remove #(= :fail (:type %)) txns))
          [a b] (partition 2 1 (sort-by :invoke ts))
          :when (= :ok (:type a))]
    (note! edges why n a b g/process {:process p})))

(defn- realtime-edges!
  "a precedes b when a completed before b was invoked. Only the frontier of completed
  transactions not already implied by a later one links to each invocation (Elle's transitive
  reduction), so the edges stay O(n x concurrency)."
  [edges why n txns]
  (let [live (remove #(= :fail (:type %)) txns)
        events (sort-by first (concat (map (fn [t] [(:invoke t) :invoke t]) live)
                                      (for [t live :when (= :ok (:type t))] [(:complete t) :complete t])))]
    (loop [[[_ kind t] & more] events, frontier #{}, preds {}]
      (when kind
        (let [id (:id t)]
          (if (= kind :invoke)
            (do (doseq [f frontier
                        :let [ft (nth txns f)]]
                  (note! edges why n ft t g/realtime {:completed (:complete-index ft), :invoked (:index t)}))
                (recur more frontier (assoc preds id frontier)))
            (recur more (conj (reduce disj frontier (preds id)) id) (dissoc preds id))))))))

;; ---------------------------------------------------------------- cycles

(defn- hunt
  "Searches each strongly connected component of the class's subgraph for a cycle of class
  cls, trying start edges until one closes a cycle of that class. Every simple cycle met on the
  way is kept under its own class. Returns {:cycles [[class cycle] ...], :exhausted? bool}."
  [graph scratch budget model-mask cls extra]
  (let [spec (cycle-spec cls extra)
        {comp :comp, ncomp :count} (g/sccs graph (:allowed spec))]
    (loop [c 0, found []]
      (if (>= c (long ncomp))
        {:cycles found, :exhausted? false}
        (let [r (reduce (fn [acc [a b t]]
                          (let [walk (g/find-cycle graph comp c spec scratch budget a b t)]
                            (cond (= :exhausted walk) (reduced (assoc acc :exhausted? true))
                                  (nil? walk) acc
                                  :else (let [cyc (g/simple-cycle graph model-mask walk)
                                              k (g/classify cyc)
                                              acc (update acc :cycles conj [k cyc])]
                                          (if (= k cls) (reduced acc) acc)))))
                        {:cycles found, :exhausted? false}
                        (g/component-edges graph comp c (:start spec)))]
          (if (:exhausted? r)
            r
            (recur (inc c) (:cycles r))))))))

(defn- witnesses
  "One simple cycle per strongly connected component of the model's graph, found without
  budget (one breadth-first search per component): the ground of a sound verdict when the hunt
  for precise classes runs out."
  [graph scratch model-mask]
  (let [{comp :comp, ncomp :count} (g/sccs graph model-mask)
        free (Budget/steps Long/MAX_VALUE)
        spec {:allowed model-mask, :rw-min 0, :rw-max 2, :wr? false, :extra? false}]
    (vec (for [c (range ncomp)
               :let [[a b t] (first (g/component-edges graph comp c model-mask))
                     walk (g/find-cycle graph comp c spec scratch free a b t)
                     cyc (g/simple-cycle graph model-mask walk)]]
           [(g/classify cyc) cyc]))))

;; ---------------------------------------------------------------- explanation

(defn- abbrev [v]
  (if (and (vector? v) (> (count v) 10))
    (str "[" (str/join " " (map pr-str (take 4 v))) " ... " (str/join " " (map pr-str (take-last 3 v)))
         "] (" (count v) " elements)")
    (pr-str v)))

(defn- txn-str [t]
  (str "T" (:id t) " = {:index " (:index t) ", :process " (pr-str (:process t)) ", :type " (:type t)
       ", :value [" (str/join " " (for [[f k v] (:mops t)]
                                    (str "[" (pr-str f) " " (pr-str k) " " (if (= f :r) (abbrev v) (pr-str v)) "]")))
       "]}" (when (:line t) (str " (line " (:line t) ")"))))

(defn- edge-str [^Map why txns [a b t]]
  (let [r (.get why [a b t])
        ta (str "T" a), tb (str "T" b)
        k (pr-str (:key r))]
    (str "    " ta " -" (g/type-names t) "-> " tb ": "
         (condp == (long t)
           g/ww (str ta " appended " (pr-str (:prev r)) " to key " k " and " tb " appended " (pr-str (:next r)) " right after it")
           g/wr (str tb " read key " k " = " (abbrev (:value r)) ", ending with " ta "'s append")
           g/rw (str ta " read key " k " = " (abbrev (:value r)) " and " tb " appended " (pr-str (:next r)) ", the next element")
           g/process (str "process " (pr-str (:process r)) " ran " ta " and then " tb)
           g/realtime (str ta " completed (index " (:completed r) ") before " tb " was invoked (index " (:invoked r) ")")))))

(defn- cycle-str [^Map why txns [cls cyc]]
  (str "  " cls " cycle of " (count cyc) " transactions:\n"
       (str/join (for [[a] cyc] (str "    " (txn-str (nth txns a)) "\n")))
       (str/join "\n" (map #(edge-str why txns %) cyc))))

(defn- direct-str [a]
  (let [t (str "T" (:id (:txn a))), k (pr-str (:key a)), v (abbrev (:value a))]
    (str "  " (:type a) ": "
         (case (:type a)
           "G1a" (str t " read key " k " = " v ", containing " (pr-str (:element a)) " appended by T"
                      (:id (:writer a)) ", which failed")
           "G1b" (str t " read key " k " = " v ", ending with " (pr-str (:element a)) ", an intermediate append of T"
                      (:id (:writer a)) " (it appended to the key again afterwards)")
           "internal" (str t " read key " k " = " v " but its own earlier operations imply " (abbrev (:expected a)))
           "duplicate-elements" (str t " read key " k " = " v ", in which " (pr-str (:dups a)) " appear more than once")
           "incompatible-order" (str t " read key " k " = " v ", which is not a prefix of the longest read "
                                     (abbrev (:longest a))))
         "\n    " (txn-str (:txn a))
         (when (:writer a) (str "\n    " (txn-str (:writer a)))))))

(defn- explain [why txns direct cycles]
  (let [by-type (group-by :type direct)
        cyc-by (group-by first cycles)]
    (str/join "\n"
              (concat
                (for [[ty as] (sort-by key by-type)]
                  (str ty ": " (count as) (if (== 1 (count as)) " case" " cases")
                       (when (> (count as) examples-max) (str ", the first " examples-max))
                       "\n" (str/join "\n" (map direct-str (take examples-max as)))))
                (for [[cls cs] (sort-by key cyc-by)]
                  (str cls ": " (count cs) (if (== 1 (count cs)) " cycle" " cycles")
                       (when (> (count cs) examples-max) (str ", the first " examples-max))
                       "\n" (str/join "\n" (map #(cycle-str why txns %) (take examples-max cs)))))))))

;; ---------------------------------------------------------------- entry point

(defn- distinct-cycles
  "Drops repeated cycles (the same class over the same transactions)."
  [cycles]
  (vals (into (sorted-map) (for [[cls cyc :as c] cycles] [[cls (vec (sort (map first cyc)))] c]))))

(defn check
  "Checks a list-append history. txns: a vector of maps {:id (dense, = position in the vector),
  :type (:ok, :info or :fail), :process, :mops [[:append k v] or [:r k list-or-nil] ...],
  :invoke and :complete (positions of the events; :complete nil when never completed), :index
  and :complete-index (Jepsen indices, for explanations), :line}. Returns {:valid? true, false or
  :unknown, :anomaly-types [names], :explanation string}."
  [model-name ^Budget budget txns]
  (let [model (or (models model-name) (throw (IllegalArgumentException. (str "unknown model " model-name))))
        extra (long (:extra model))
        model-mask (bit-or data-types extra)
        n (count txns)
        ok-txns (filterv #(= :ok (:type %)) txns)
        writers (writer-index txns)
        {:keys [orders anomalies]} (version-orders ok-txns writers)
        direct (concat (keep internal-anomaly ok-txns) anomalies)
        edges (HashMap.)
        why (HashMap.)
        _ (data-edges! edges why n ok-txns writers orders)
        _ (cond (== extra g/process) (process-edges! edges why n txns)
                (== extra g/realtime) (realtime-edges! edges why n txns))
        graph (g/build n edges)
        scratch (g/scratch n)
        witnessed (witnesses graph scratch model-mask)
        hunted (reduce (fn [acc cls]
                         (if (:exhausted? acc)
                           acc
                           (let [r (hunt graph scratch budget model-mask cls extra)]
                             {:cycles (into (:cycles acc) (:cycles r)), :exhausted? (:exhausted? r)})))
                       {:cycles [], :exhausted? false}
                       (:cycles model))
        proscribed (into direct-anomalies (:cycles model))
        cycles (filter #(contains? proscribed (first %)) (distinct-cycles (concat (:cycles hunted) witnessed)))
        found (into (sorted-set) (concat (map :type direct) (map first cycles)))
        exhausted? (:exhausted? hunted)]
    {:valid? (cond (seq found) false, exhausted? :unknown, :else true)
     :anomaly-types (vec (cond-> (vec found) exhausted? (conj "cycle-search-timeout")))
     :explanation (str (explain why txns direct cycles)
                       (when exhausted?
                         (str (when (seq found) "\n") "cycle-search-timeout: " (.exhaustion budget)
                              " while hunting cycles by class"
                              (if (seq found)
                                "; more anomaly classes than those above may be present"
                                (str "; the verdict rests on one cycle per strongly connected component, and each of those"
                                     " has a class " model-name " allows")))))}))
