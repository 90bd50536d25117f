import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export function decodeInitProducerIdRequest(r: Reader): { transactionalId: string | null } {
  const transactionalId = r.nullableString();
  r.int32(); // transaction timeout
  return { transactionalId };
}

export function encodeInitProducerIdResponse(
  w: Writer,
  res: { errorCode: number; producerId: number; producerEpoch: number },
): void {
  w.int32(0).int16(res.errorCode).int64(res.producerId).int16(res.producerEpoch);
}
