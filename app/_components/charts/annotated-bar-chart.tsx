import { niceCeiling, scaleLinear } from "@/lib/lab/chart-scale";
import { ChartSvg } from "@/app/_components/charts/chart-svg";
import { HorizontalValueAxis } from "@/app/_components/charts/horizontal-value-axis";

/** One row: a bar when it has a value, or only a note when a number does not apply (say, "no store"). */
export type AnnotatedBar = { label: string; value: number | null; note: string; colour: string };

type Props = { title: string; description: string; unit: string; rows: AnnotatedBar[]; testId: string };

const WIDTH = 760;
// Wide enough for the longest series name ("Token (JWT), lean read, revocation check on").
const LABEL_WIDTH = 300;
const BAR_HEIGHT = 20;
const ROW_GAP = 10;
const AXIS_HEIGHT = 44;

/** Horizontal bars with a note after each, where a row may have a note and no bar, as server-rendered SVG. */
export function AnnotatedBarChart({ title, description, unit, rows, testId }: Props) {
  const max = niceCeiling(Math.max(0, ...rows.map((row) => row.value ?? 0)));
  const plotWidth = WIDTH - LABEL_WIDTH - 130;
  const height = rows.length * (BAR_HEIGHT + ROW_GAP) + AXIS_HEIGHT;
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
      {rows.map((row, index) => {
        const top = index * (BAR_HEIGHT + ROW_GAP);
        const barWidth = row.value === null ? 0 : Math.max(scaleLinear(row.value, max, plotWidth), 1);
        return (
          <g key={row.label}>
            <text x={0} y={top + BAR_HEIGHT - 6} className="fill-slate-800 text-[12px] font-medium">
              {row.label}
            </text>
            {row.value === null ? null : (
              <rect x={LABEL_WIDTH} y={top} width={barWidth} height={BAR_HEIGHT} rx={2} fill={row.colour} />
            )}
            <text x={LABEL_WIDTH + barWidth + 6} y={top + BAR_HEIGHT - 6} className="fill-slate-700 text-[11px]">
              {row.note}
            </text>
          </g>
        );
      })}
    </ChartSvg>
  );
}
