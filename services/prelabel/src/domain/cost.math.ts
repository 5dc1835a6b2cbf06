/** Cost of one task's LLM calls in millionths of a USD: tokens × price per 1,000 tokens, rounded. */
export function costMicroUsd(u: { promptTokens: number; completionTokens: number }, price: { promptPer1k: number; completionPer1k: number }): number {
  return Math.round(((u.promptTokens * price.promptPer1k + u.completionTokens * price.completionPer1k) / 1000) * 1e6);
}
