/** The part of a GraphQL answer that says whether it may be sent again. */
interface Answer {
  errors?: { extensions?: Record<string, unknown> }[] | null;
}

/**
 * BUSY and TIMEOUT roll back (nothing done) and say `retryable`: a loaded server may answer them
 * to any concurrent writer.
 */
export function rolledBack(answer: Answer): boolean {
  const error = answer.errors?.length === 1 ? answer.errors[0] : undefined;
  return ['BUSY', 'TIMEOUT'].includes(String(error?.extensions?.code)) && error?.extensions?.retryable === true;
}

/**
 * Sends a mutation again, as a client would, while its answer is retryable, after a short random
 * pause: a test counting outcomes then counts settled answers, not how loaded the machine was.
 * The call must carry its idempotency key, so that a resend can never do the work twice.
 */
export async function untilSettled<T extends Answer>(call: () => Promise<T>, attempts = 20): Promise<T> {
  let answer = await call();
  for (let attempt = 1; attempt < attempts && rolledBack(answer); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 50 * attempt));
    answer = await call();
  }
  return answer;
}
