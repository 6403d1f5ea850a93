import { niceCeiling, scaleLinear } from "@/lib/lab/chart-scale";
import { ChartSvg } from "@/app/_components/charts/chart-svg";
import { HorizontalValueAxis } from "@/app/_components/charts/horizontal-value-axis";

type StackedBar = { label: string; segments: { key: string; label: string; value: number }[] };

type Props = {
  title: string;
  description: string;
  unit: string;
  bars: StackedBar[];
  /** A colour per segment key, the same in every bar, so one legend serves them all. */
  colours: Record<string, string>;
  testId: string;
};

const WIDTH = 720;
// Wide enough for "Server session (database), Auth.js read" at 12px.
const LABEL_WIDTH = 260;
const BAR_HEIGHT = 22;
const GAP = 12;
const AXIS_HEIGHT = 40;

/** Horizontal stacked bars as server-rendered SVG, on one scale, with a title and description for screen readers. */
export function StackedBarChart({ title, description, unit, bars, colours, testId }: Props) {
  const totals = bars.map((bar) => bar.segments.reduce((sum, segment) => sum + segment.value, 0));
  const max = niceCeiling(Math.max(1, ...totals));
  const plotWidth = WIDTH - LABEL_WIDTH - 70;
  const height = bars.length * (BAR_HEIGHT + GAP) + AXIS_HEIGHT;
  return (
    <ChartSvg testId={testId} title={title} description={description} width={WIDTH} height={height} wide>
      <HorizontalValueAxis
        max={max}
        left={LABEL_WIDTH}
        plotWidth={plotWidth}
        height={height}
        axisHeight={AXIS_HEIGHT}
        unit={unit}
      />
      {bars.map((bar, index) => {
        const y = index * (BAR_HEIGHT + GAP);
        let x = LABEL_WIDTH;
        return (
          <g key={bar.label}>
            <text x={0} y={y + BAR_HEIGHT / 2 + 4} className="fill-slate-800 text-[12px] font-medium">
              {bar.label}
            </text>
            {bar.segments.map((segment) => {
              const width = scaleLinear(segment.value, max, plotWidth);
              const left = x;
              x += width;
              return (
                <rect
                  key={segment.key}
                  x={left}
                  y={y}
                  width={Math.max(width, 0.5)}
                  height={BAR_HEIGHT}
                  fill={colours[segment.key] ?? "#94a3b8"}
                >
                  <title>{`${segment.label}: ${segment.value.toLocaleString("en")} ${unit}`}</title>
                </rect>
              );
            })}
            <text x={x + 6} y={y + BAR_HEIGHT / 2 + 4} className="fill-slate-700 text-[11px]">
              {(totals[index] ?? 0).toLocaleString("en")}
            </text>
          </g>
        );
      })}
    </ChartSvg>
  );
}
