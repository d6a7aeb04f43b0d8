/**
 * One model check end to end ({@link untorn.spec.check.ModelCheck}: lay out the modules and the
 * model in a temporary directory, run TLC, read the result) and its JSON form
 * ({@link untorn.spec.check.CheckJson}), as {@code untorn spec check} prints and writes them.
 */
package untorn.spec.check;
