import type { Document } from 'bson';
import { CommandError } from '../errors.js';

/** Commands that take a write concern (mongod refuses it on the others). */
const WRITE_COMMANDS = new Set([
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'create',
  'drop',
  'dropDatabase',
  'createIndexes',
  'dropIndexes',
  'deleteIndexes',
  'collMod',
  'commitTransaction',
  'abortTransaction',
  'aggregate',
]);

/** This server is a one-member replica set: `w` may be 0, 1 or "majority". */
const MEMBERS = 1;

/**
 * Checks a command's write concern before it runs, as mongod parses it: malformed values and a
 * write concern on a statement inside a transaction are errors.
 */
export function checkWriteConcern(name: string, command: Document): void {
  const concern = command.writeConcern as Document | undefined;
  if (concern === undefined) return;
  if (concern === null || typeof concern !== 'object' || Array.isArray(concern))
    throw new CommandError(14, "BSON field 'writeConcern' is the wrong type", 'TypeMismatch');
  if (!WRITE_COMMANDS.has(name))
    throw new CommandError(72, 'Command does not support writeConcern', 'InvalidOptions');
  if (command.autocommit === false && name !== 'commitTransaction' && name !== 'abortTransaction')
    throw new CommandError(
      72,
      'Cannot set write concern after starting a transaction.',
      'InvalidOptions',
    );
  const w = concern.w;
  if (w === undefined || typeof w === 'string') return;
  const n = Number(w);
  if (typeof w === 'object' || !Number.isInteger(n) || n < 0 || n > 50)
    throw new CommandError(
      9,
      `w has to be a non-negative number and not greater than 50; found: ${String(w)}`,
      'FailedToParse',
    );
}

const READ_CONCERN_LEVELS = new Set(['local', 'majority', 'linearizable', 'available', 'snapshot']);

/** Checks a command's read concern level, as mongod parses it. */
export function checkReadConcern(name: string, command: Document): void {
  const concern = command.readConcern as Document | undefined;
  if (concern === undefined || concern.level === undefined) return;
  if (typeof concern.level !== 'string' || !READ_CONCERN_LEVELS.has(concern.level))
    throw new CommandError(
      9,
      `Read concern level '${String(concern.level)}' is not valid`,
      'FailedToParse',
    );
  const pipeline = name === 'aggregate' && Array.isArray(command.pipeline) ? command.pipeline : [];
  const writes = pipeline.find((stage: Document) => '$out' in stage || '$merge' in stage);
  if (concern.level === 'linearizable' && writes)
    throw new CommandError(
      72,
      `${Object.keys(writes)[0]} cannot be used with a 'linearizable' read concern level`,
      'InvalidOptions',
    );
}

/**
 * The writeConcernError a successful write gets when its write concern cannot be satisfied: more
 * members than the set has, or a tag set it does not define. The write itself is applied, as on
 * mongod.
 */
export function unsatisfiedWriteConcern(command: Document): Document | undefined {
  const w = (command.writeConcern as Document | undefined)?.w;
  if (typeof w === 'number' && w > MEMBERS)
    return {
      code: 100,
      codeName: 'UnsatisfiableWriteConcern',
      errmsg: 'Not enough data-bearing nodes',
    };
  if (typeof w === 'string' && w !== 'majority')
    return {
      code: 79,
      codeName: 'UnknownReplWriteConcern',
      errmsg: `No write concern mode named '${w}' found in replica set configuration`,
    };
  return undefined;
}
