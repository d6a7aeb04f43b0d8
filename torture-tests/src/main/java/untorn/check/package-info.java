/**
 * History checkers: the judges of every torture run and of any Jepsen history a user brings.
 *
 * <p>A history (package {@code history}) is Jepsen's: operations with a process, a type
 * ({@code invoke}, {@code ok}, {@code fail}, {@code info}), a function and a value, read from and
 * written as EDN (package {@code edn}). Two checkers judge it. {@code linear} decides
 * linearizability against a sequential model with the Wing-Gong-Lowe search and Knossos's
 * semantics, so its verdicts agree with Jepsen's. {@code elle} decides transactional isolation of
 * list-append histories, Elle-style, in Clojure. {@link untorn.check.HistoryChecks} runs either
 * over files and directories and gives one {@link untorn.check.CheckResult} per history; the
 * {@code untorn check} command prints them. Package {@code store} holds a real concurrent register
 * and list-append store, their deliberately broken twins, and seeded workloads that record
 * histories from them: the checkers' negative controls.
 */
package untorn.check;
