/** Hysteresis over a rule's samples in data-time order. Pure. */

export type AlertStateName = "firing" | "ok";

export interface Sample<D = unknown> {
  /** data time of the window's end */
  end: number;
  value: number;
  /** false when the window has too little data to judge (a quiet function): it can resolve, never fire */
  eligible: boolean;
  detail?: D;
}

export interface Transition<D = unknown> {
  state: "firing" | "resolved";
  /** the threshold crossed: fire on the way up, resolve on the way down */
  threshold: number;
  sample: Sample<D>;
}

/**
 * Fires when a value reaches `fire` and resolves when it falls to `resolve` or below
 * (resolve < fire, so a value between them changes nothing and nothing flaps).
 * The same samples from the same state always give the same transitions.
 */
export function transitions<D>(state: AlertStateName, samples: readonly Sample<D>[], fire: number, resolve: number): { transitions: Transition<D>[]; state: AlertStateName } {
  const out: Transition<D>[] = [];
  for (const s of samples) {
    if (state === "ok" && s.eligible && s.value >= fire) {
      state = "firing";
      out.push({ state: "firing", threshold: fire, sample: s });
    } else if (state === "firing" && (!s.eligible || s.value <= resolve)) {
      state = "ok";
      out.push({ state: "resolved", threshold: resolve, sample: s });
    }
  }
  return { transitions: out, state };
}
