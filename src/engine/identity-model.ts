// A one-node ONNX graph (y = Identity(x)) encoded by hand, so the engine can
// probe its execution provider without any pack on disk, and tests can run a
// real ORT session without shipping weights.

/** ONNX TensorProto.DataType values for the element types we need. */
const ELEM_TYPES = { float32: 1, uint8: 2 } as const;

export type IdentityElemType = keyof typeof ELEM_TYPES;

export interface IdentityModelSpec {
  elemType: IdentityElemType;
  /** Fixed sizes, or names for free dimensions (e.g. `['n']`). */
  dims: (number | string)[];
}

/** The serialized ModelProto of `y = Identity(x)`; input `x`, output `y`. */
export function identityModel(spec: IdentityModelSpec): Uint8Array {
  const dims = spec.dims.map((d) => message(1, typeof d === 'number' ? varintField(1, d) : stringField(2, d)));
  const shape = message(2, concat(dims));
  const tensorType = message(1, concat([varintField(1, ELEM_TYPES[spec.elemType]), shape]));
  const typeProto = message(2, tensorType);
  const valueInfo = (field: number, name: string): Uint8Array =>
    message(field, concat([stringField(1, name), typeProto]));
  const node = message(
    1,
    concat([stringField(1, 'x'), stringField(2, 'y'), stringField(3, 'identity'), stringField(4, 'Identity')]),
  );
  const graph = message(7, concat([node, stringField(2, 'probe'), valueInfo(11, 'x'), valueInfo(12, 'y')]));
  const opset = message(8, concat([stringField(1, ''), varintField(2, 13)]));
  // ir_version 8 pairs with opset 13 in every ORT release we support.
  return concat([varintField(1, 8), stringField(2, 'scanline'), graph, opset]);
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function varintField(field: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(field << 3), ...varint(value)]);
}

function message(field: number, body: Uint8Array): Uint8Array {
  return concat([Uint8Array.from([...varint((field << 3) | 2), ...varint(body.length)]), body]);
}

function stringField(field: number, text: string): Uint8Array {
  return message(field, new TextEncoder().encode(text));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
