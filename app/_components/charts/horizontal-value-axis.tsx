import { linearTicks, scaleLinear } from "@/lib/lab/chart-scale";

type Props = {
  /** The value at the right end of the plot. */
  max: number;
  /** Where the plot starts (after the row labels) and how wide it is, in SVG units. */
  left: number;
  plotWidth: number;
  /** The chart's full height, and how much of it at the bottom is the axis. */
  height: number;
  axisHeight: number;
  unit: string;
};

/** Vertical grid lines at round values, their labels and the unit, under a horizontal bar chart. */
export function HorizontalValueAxis({ max, left, plotWidth, height, axisHeight, unit }: Props) {
  return (
    <>
      {linearTicks(max).map((tick) => {
        const x = left + scaleLinear(tick, max, plotWidth);
        return (
          <g key={tick}>
            <line x1={x} x2={x} y1={0} y2={height - axisHeight} className="stroke-slate-200" />
            <text x={x} y={height - axisHeight + 16} textAnchor="middle" className="fill-slate-500 text-[11px]">
              {tick.toLocaleString("en")}
            </text>
          </g>
        );
      })}
      <text x={left + plotWidth / 2} y={height - 6} textAnchor="middle" className="fill-slate-600 text-[11px]">
        {unit}
      </text>
    </>
  );
}
