/** Whether dist/index.html is missing or older than the console's sources. */
export function consoleBuildStale(): boolean;
/** Runs `vite build` in packages/console. */
export function buildConsole(): { status: number | null; stdout: string; stderr: string };
