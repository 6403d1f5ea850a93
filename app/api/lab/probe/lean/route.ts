// PLACEHOLDER for testing the bench on branch bench5 only; the real route comes from main and wins the merge.
export const dynamic = "force-dynamic";
export { GET } from "@/app/api/lab/probe/route";
