/**
 * The models TLC checks: the specification's modules (shipped as class path resources from
 * {@code spec/tla/}), the bounds of a model ({@link untorn.spec.model.Bounds}), the deliberately
 * broken variants ({@link untorn.spec.model.SpecMutant}, the spec's {@code MUTANT} constant) and
 * the generated model module and configuration ({@link untorn.spec.model.ModelFiles}: constants,
 * invariants, the action property, symmetry).
 */
package untorn.spec.model;
