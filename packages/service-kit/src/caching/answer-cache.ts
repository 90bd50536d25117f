import { deepFreeze } from '../http/frozen-json-bodies.js';

/**
 * Answers of a read model already computed, by request, while the model has not changed since
 * (its generation): an answer is a pure function of the two, so a repeated request (a listing
 * page, a popular query) costs a lookup. Bounded, least recently used first out; a new generation
 * makes every entry stale. An answer asked for again is deep-frozen, so the HTTP layer validates
 * and serializes it once more and then resends that text (see reuseSerializedFrozenBodies);
 * answers asked once, most of a stream of distinct requests, skip the freezing. An intermediate
 * result that holds live objects of the model (a search's ranking of its articles) is kept as it
 * is with `freezeRepeated: false`.
 */
export class AnswerCache<Answer extends object> {
  private readonly answers = new Map<string, Answer>();
  private generation: number | undefined;

  /** `capacity` 0 turns the cache off: every request is computed. */
  constructor(
    private readonly capacity = 500,
    private readonly options: { freezeRepeated?: boolean } = {},
  ) {}

  answer(generation: number, key: string, compute: () => Answer): Answer {
    if (this.capacity <= 0) return compute();
    if (generation !== this.generation) {
      this.answers.clear();
      this.generation = generation;
    }
    const known = this.answers.get(key);
    if (known) {
      this.answers.delete(key);
      this.answers.set(key, known);
      return this.options.freezeRepeated === false ? known : (deepFreeze(known) as Answer);
    }
    const answer = compute();
    this.answers.set(key, answer);
    if (this.answers.size > this.capacity) this.answers.delete(this.answers.keys().next().value!);
    return answer;
  }
}
