// Mean of the last few samples: recent job durations predict the next wait
// better than the all-time mean once the load changes.

export class MovingAverage {
  readonly #window: number;
  readonly #samples: number[] = [];
  #sum = 0;

  constructor(window: number) {
    if (!(Number.isInteger(window) && window >= 1))
      throw new RangeError(`window must be an integer >= 1, got ${window}`);
    this.#window = window;
  }

  get count(): number {
    return this.#samples.length;
  }

  add(sample: number): void {
    this.#samples.push(sample);
    this.#sum += sample;
    if (this.#samples.length > this.#window) this.#sum -= this.#samples.shift() ?? 0;
  }

  /** The mean, or `fallback` before the first sample. */
  value(fallback: number): number {
    return this.#samples.length === 0 ? fallback : this.#sum / this.#samples.length;
  }
}
