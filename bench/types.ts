/** One line of the benchmark table: a figure, its unit, and the goal the issue names. */
export type BenchRow = { name: string; value: number; unit: string; goal?: string };
