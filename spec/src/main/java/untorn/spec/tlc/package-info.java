/**
 * Running TLC and reading what it says. {@link untorn.spec.tlc.TlcRunner} starts {@code tlc2.TLC}
 * as a child JVM in tool mode ({@code -tool}: every message framed with its code), with the same
 * class path entry this process loaded TLC from, a timeout and its own states directory.
 * {@link untorn.spec.tlc.ToolOutput} frames the output into messages and
 * {@link untorn.spec.tlc.ResultParser} reads the result by message code: state counts, depth, the
 * violated property and the counterexample, each state diffed against the one before into
 * readable {@link untorn.spec.tlc.TraceStep}s. A run the parser cannot read completely, or any
 * error TLC reports, is an exception: a TLC run whose result is not read never passes.
 */
package untorn.spec.tlc;
