(ns untorn.check.elle.graph
  "Transaction dependency graphs for the Elle-style checker.

  A graph has n nodes (transaction ids 0..n-1) and typed edges: each edge carries a bit mask of
  the dependency types that link its ends (ww, wr, rw, process, realtime). It is stored as
  compressed sparse rows of primitive arrays, so that Tarjan's algorithm and the cycle searches
  run in time linear in the graph and never recurse (a 100k-transaction SCC must not blow the
  stack).

  Cycles are searched breadth-first over states (node, counts), where counts record how many rw
  edges (0, 1, 2 or more), whether a wr edge, and whether a process/realtime edge the path has
  taken so far. That makes 'a cycle with exactly one rw edge' (G-single) or 'at least two'
  (G2-item) a plain reachability question, each answered exactly; only the number of start
  edges tried needs a budget."
  (:import (java.util Arrays HashMap Map)
           (untorn.check Budget)))

(set! *warn-on-reflection* true)

(def ^:const ww 1)
(def ^:const wr 2)
(def ^:const rw 4)
(def ^:const process 8)
(def ^:const realtime 16)
(def ^:const extra (bit-or process realtime))

(def type-names {ww "ww", wr "wr", rw "rw", process "process", realtime "realtime"})

(defn edge-key
  "The long key of edge a->b in a graph of n nodes."
  ^long [^long n ^long a ^long b]
  (+ (* a n) b))

(defn add-edge!
  "Adds type t to edge a->b in the mutable edge map (edge key -> type mask). Self edges are
  dropped: a transaction never depends on itself."
  [^Map edges n a b t]
  (when (not= (long a) (long b))
    (let [t (long t)
          k (edge-key n a b)
          old (.get edges k)]
      (.put edges k (if old (bit-or (long old) t) t)))))

(defn build
  "Builds the compressed graph of n nodes from an edge map (edge key -> type mask)."
  [^long n ^Map edges]
  (let [ks (long-array (.keySet edges))
        _ (Arrays/sort ks)
        m (alength ks)
        offsets (int-array (inc n))
        targets (int-array m)
        masks (int-array m)]
    (dotimes [i m]
      (let [k (aget ks i)
            a (quot k n)]
        (aset targets i (int (rem k n)))
        (aset masks i (int (long (.get edges k))))
        (aset offsets (inc a) (inc (aget offsets (inc a))))))
    (dotimes [i n]
      (aset offsets (inc i) (+ (aget offsets (inc i)) (aget offsets i))))
    {:n n, :offsets offsets, :targets targets, :masks masks, :edges m}))

(defn edge-mask
  "The type mask of edge a->b, or 0 if there is none."
  ^long [g ^long a ^long b]
  (let [^ints offsets (:offsets g)
        ^ints targets (:targets g)
        ^ints masks (:masks g)
        i (Arrays/binarySearch targets (aget offsets a) (aget offsets (inc a)) (int b))]
    (if (neg? i) 0 (aget masks i))))

(defn- pop-component
  "Pops Tarjan's stack down to v; labels the popped nodes with component id c when there are two
  or more of them. Returns the new stack size."
  [^ints stack ^booleans on-stack ^ints comp sp v c]
  (let [sp (long sp), v (long v), c (long c)
        bottom (loop [i (dec sp)]
                 (if (== (aget stack i) v) i (recur (dec i))))]
    (loop [i bottom]
      (when (< i sp)
        (let [w (aget stack i)]
          (aset on-stack w false)
          (when (> (- sp bottom) 1) (aset comp w (int c))))
        (recur (inc i))))
    bottom))

(defn sccs
  "Tarjan's strongly connected components of the subgraph of edges whose mask meets `allowed`.
  Returns {:comp int-array (component id per node, -1 when the node is alone), :count k}; only
  components of two or more nodes get ids (there are no self edges)."
  [g ^long allowed]
  (let [n (long (:n g))
        ^ints offsets (:offsets g)
        ^ints targets (:targets g)
        ^ints masks (:masks g)
        index (int-array n -1)
        low (int-array n)
        on-stack (boolean-array n)
        stack (int-array n)
        call-node (int-array n)
        call-edge (int-array n)
        comp (int-array n -1)]
    (loop [s 0, csp 0, sp 0, counter 0, ncomp 0]
      (cond
        (pos? csp)
        (let [v (aget call-node (dec csp))
              e (aget call-edge (dec csp))]
          (if (< e (aget offsets (inc v)))
            (let [w (aget targets e)]
              (aset call-edge (dec csp) (inc e))
              (cond
                (zero? (bit-and (aget masks e) allowed)) (recur s csp sp counter ncomp)
                (== -1 (aget index w))
                (do (aset index w (int counter))
                    (aset low w (int counter))
                    (aset stack sp w)
                    (aset on-stack w true)
                    (aset call-node csp w)
                    (aset call-edge csp (aget offsets w))
                    (recur s (inc csp) (inc sp) (inc counter) ncomp))
                (aget on-stack w)
                (do (aset low v (min (aget low v) (aget index w)))
                    (recur s csp sp counter ncomp))
                :else (recur s csp sp counter ncomp)))
            (let [root? (== (aget low v) (aget index v))
                  sp' (if root? (long (pop-component stack on-stack comp sp v ncomp)) sp)
                  ncomp' (if (and root? (> (- sp sp') 1)) (inc ncomp) ncomp)]
              (when (> csp 1)
                (let [u (aget call-node (- csp 2))]
                  (aset low u (min (aget low u) (aget low v)))))
              (recur s (dec csp) sp' counter ncomp'))))

        (< s n)
        (if (== -1 (aget index s))
          (do (aset index s (int counter))
              (aset low s (int counter))
              (aset stack sp (int s))
              (aset on-stack s true)
              (aset call-node 0 (int s))
              (aset call-edge 0 (aget offsets s))
              (recur (inc s) 1 (inc sp) (inc counter) ncomp))
          (recur (inc s) 0 sp counter ncomp))

        :else {:comp comp, :count ncomp}))))

;; Search states: node * 12 + code, code = rw-count * 4 + saw-wr * 2 + saw-extra, rw-count in 0..2.

(defn- step-code
  "The counts after taking an edge of type t from counts `code`."
  ^long [^long code ^long t]
  (let [rws (quot code 4)
        rws' (if (== t rw) (min 2 (inc rws)) rws)
        wr' (if (== t wr) 1 (bit-and (bit-shift-right code 1) 1))
        x' (if (zero? (bit-and t extra)) (bit-and code 1) 1)]
    (+ (* rws' 4) (* wr' 2) x')))

(defn accepts?
  "Whether counts `code` satisfy a cycle spec: {:rw-min :rw-max :wr? :extra?}."
  [spec ^long code]
  (let [rws (quot code 4)]
    (and (<= (long (:rw-min spec)) rws (long (:rw-max spec)))
         (or (not (:wr? spec)) (== 1 (bit-and (bit-shift-right code 1) 1)))
         (or (not (:extra? spec)) (== 1 (bit-and code 1))))))

(defn scratch
  "Reusable arrays for cycle searches on a graph of n nodes."
  [^long n]
  {:seen (int-array (* 12 n)), :prev (int-array (* 12 n)), :ptype (byte-array (* 12 n)),
   :queue (int-array (* 12 n)), :gen (long-array 1)})

(defn- path-back
  "The edges from the search's start state to `goal`, as [from to type] vectors."
  [^ints prev ^bytes ptype ^long start ^long goal]
  (loop [s goal, acc ()]
    (if (== s start)
      (vec acc)
      (let [p (aget prev s)]
        (recur p (conj acc [(quot p 12) (quot s 12) (long (aget ptype s))]))))))

(defn find-cycle
  "Searches for a closed walk that starts with edge a->b taken as type t and returns to a over
  edges of types in (:allowed spec), staying inside component c of comp, whose counts satisfy
  spec. Returns the walk's edges as [from to type] vectors, nil if there is none, or :exhausted
  when the budget runs out. Breadth-first, so the walk is a shortest one; it may revisit a node
  other than a (collecting counts can need that): `simple-cycle` cuts it down to a cycle."
  [g ^ints comp c spec scratch ^Budget budget a b t]
  (let [c (long c), a (long a), b (long b), t (long t)
        ^ints offsets (:offsets g)
        ^ints targets (:targets g)
        ^ints masks (:masks g)
        ^ints seen (:seen scratch)
        ^ints prev (:prev scratch)
        ^bytes ptype (:ptype scratch)
        ^ints queue (:queue scratch)
        ^longs gen-box (:gen scratch)
        gen (int (inc (aget gen-box 0)))
        allowed (long (:allowed spec))
        rw-max (long (:rw-max spec))
        start (+ (* b 12) (step-code 0 t))]
    (aset gen-box 0 (long gen))
    (aset seen start gen)
    (aset queue 0 (int start))
    (loop [head 0, tail 1]
      (cond
        (== head tail) nil
        (not (.spend budget 1)) :exhausted
        :else
        (let [s (aget queue head)
              v (quot s 12)
              code (rem s 12)]
          (cond
            (and (== v a) (accepts? spec code)) (into [[a b t]] (path-back prev ptype start s))
            ;; The walk returns to a only at its end: never expand through it.
            (== v a) (recur (inc head) tail)
            :else
            (let [end (aget offsets (inc v))
                  tail' (loop [e (aget offsets v), tail tail]
                          (if (>= e end)
                            tail
                            (let [w (aget targets e)
                                  types (bit-and (aget masks e) allowed)]
                              (if (or (zero? types) (not= c (aget comp w)))
                                (recur (inc e) tail)
                                (recur (inc e)
                                       (long
                                        (loop [bits types, tail tail]
                                         (if (zero? bits)
                                           tail
                                           (let [ty (Long/lowestOneBit bits)
                                                 code' (step-code code ty)
                                                 s' (+ (* w 12) code')]
                                             (if (or (> (quot code' 4) rw-max) (== gen (aget seen s')))
                                               (recur (bit-xor bits ty) tail)
                                               (do (aset seen s' gen)
                                                   (aset prev s' s)
                                                   (aset ptype s' (byte ty))
                                                   (aset queue tail (int s'))
                                                   (recur (bit-xor bits ty) (inc tail)))))))))))))]
              (recur (inc head) (long tail')))))))))

(defn component-edges
  "The edges a->b of component c (both ends in it) having a type in `types`, as [a b type]
  vectors with the type taken (the lowest matching bit), in node order."
  [g ^ints comp c types]
  (let [c (long c), types (long types)
        ^ints offsets (:offsets g)
        ^ints targets (:targets g)
        ^ints masks (:masks g)
        n (long (:n g))]
    (persistent!
      (loop [a 0, acc (transient [])]
        (if (>= a n)
          acc
          (recur (inc a)
                 (if (not= c (aget comp a))
                   acc
                   (loop [e (aget offsets a), acc acc]
                     (if (>= e (aget offsets (inc a)))
                       acc
                       (let [b (aget targets e)
                             m (bit-and (aget masks e) types)]
                         (recur (inc e)
                                (if (and (pos? m) (== c (aget comp b)))
                                  (conj! acc [a (long b) (Long/lowestOneBit m)])
                                  acc))))))))))))

(defn component-sizes
  "The number of nodes in each component, as an int-array indexed by component id."
  [^ints comp ^long count]
  (let [sizes (int-array count)]
    (dotimes [i (alength comp)]
      (let [c (aget comp i)]
        (when (>= c 0) (aset sizes c (inc (aget sizes c))))))
    sizes))

(def ^:private preference
  "Edge types in the order a cycle's edges are labelled when an edge carries several: data
  dependencies before session and real-time order, ww before wr before rw (as Elle explains
  pairs), so that a cycle is named by its weakest reading."
  [ww wr rw process realtime])

(defn- label
  "The preferred type of edge a->b among `allowed`."
  ^long [g ^long allowed ^long a ^long b]
  (let [m (bit-and (edge-mask g a b) allowed)]
    (long (or (some (fn [^long t] (when (pos? (bit-and m t)) t)) preference) 0))))

(defn simple-cycle
  "Cuts a closed walk (edges [from to type], starting with the edge to keep) down to the simple
  cycle through its first edge, and relabels each edge with its preferred type among `allowed`."
  [g ^long allowed walk]
  (let [start (ffirst walk)
        kept (loop [edges (rest walk)
                    path [(first walk)]
                    at {(second (first walk)) 1}] ; node -> index of the path edge leaving it
               (if-let [[_ to :as e] (first edges)]
                 (let [path (conj path e)
                       i (when (not= to start) (get at to))]
                   (if i
                     ;; Back at a node already on the path: drop the loop between the two visits.
                     (let [i (long i)]
                       (recur (rest edges) (subvec path 0 i)
                              (into {} (filter (fn [[_ j]] (<= (long j) i))) at)))
                     (recur (rest edges) path (assoc at to (count path)))))
                 path))]
    (mapv (fn [[a b]] [a b (label g allowed a b)]) kept)))

(defn counts
  "The rw count, and whether there are wr and process/realtime edges, of a labelled cycle."
  [cycle]
  {:rw (count (filter #(== rw (long (nth % 2))) cycle))
   :wr? (boolean (some #(== wr (long (nth % 2))) cycle))
   :process? (boolean (some #(== process (long (nth % 2))) cycle))
   :realtime? (boolean (some #(== realtime (long (nth % 2))) cycle))})

(defn classify
  "The anomaly class of a labelled cycle: G0, G1c, G-single or G2-item, suffixed -process or
  -realtime when it needs such an edge."
  [cycle]
  (let [{:keys [rw wr? process? realtime?]} (counts cycle)
        base (cond (== 0 (long rw)) (if wr? "G1c" "G0")
                   (== 1 (long rw)) "G-single"
                   :else "G2-item")]
    (cond realtime? (str base "-realtime")
          process? (str base "-process")
          :else base)))
