/** Typed arrays that grow: a new array of the same type, the old one's elements copied in. */

type Grows = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

/** A new array of `array`'s type and `length` (at least its own) holding its elements first, zeros after. */
export function grown<A extends Grows>(array: A, length: number): A {
  const bigger = new (array.constructor as new (length: number) => A)(length);
  bigger.set(array);
  return bigger;
}
