import { niceCeiling, scaleLinear } from "@/lib/lab/chart-scale";
import { ChartSvg } from "@/app/_components/charts/chart-svg";
import { HorizontalValueAxis } from "@/app/_components/charts/horizontal-value-axis";

export type BarGroup = { label: string; bars: { label: string; value: number; colour: string }[] };

type Props = {
  title: string;
  description: string;
  unit: string;
  groups: BarGroup[];
  testId?: string;
  /** Room for the group labels; the plot keeps its width and the chart grows. */
  labelWidth?: number;
};

const PLOT_AND_VALUES_WIDTH = 530;
const BAR_HEIGHT = 18;
const GAP = 4;
const GROUP_GAP = 14;
const AXIS_HEIGHT = 44;

/** Horizontal grouped bars as server-rendered SVG, with a title and description for screen readers. */
export function GroupedBarChart({ title, description, unit, groups, testId, labelWidth = 110 }: Props) {
  const max = niceCeiling(Math.max(...groups.flatMap((group) => group.bars.map((bar) => bar.value))));
  const width = labelWidth + PLOT_AND_VALUES_WIDTH;
  const plotWidth = PLOT_AND_VALUES_WIDTH - 60;
  const groupHeight = (group: BarGroup) => group.bars.length * (BAR_HEIGHT + GAP) - GAP;
  const height = groups.reduce((sum, group) => sum + groupHeight(group) + GROUP_GAP, 0) + AXIS_HEIGHT;
  return (
    <ChartSvg
      testId={testId ?? "chart"}
      title={title}
      description={description}
      width={width}
      height={height}
      wide={labelWidth > 110}
    >
      <HorizontalValueAxis
        max={max}
        left={labelWidth}
        plotWidth={plotWidth}
        height={height}
        axisHeight={AXIS_HEIGHT}
        unit={unit}
      />
      {groups.map((group, groupIndex) => {
        // Each group starts below the groups before it.
        const top = groups.slice(0, groupIndex).reduce((sum, above) => sum + groupHeight(above) + GROUP_GAP, 0);
        return (
          <g key={group.label}>
            <text x={0} y={top + groupHeight(group) / 2 + 4} className="fill-slate-800 text-[12px] font-medium">
              {group.label}
            </text>
            {group.bars.map((bar, index) => {
              const barY = top + index * (BAR_HEIGHT + GAP);
              const barWidth = scaleLinear(bar.value, max, plotWidth);
              return (
                <g key={bar.label}>
                  <rect x={labelWidth} y={barY} width={Math.max(barWidth, 1)} height={BAR_HEIGHT} rx={2} fill={bar.colour} />
                  <text x={labelWidth + barWidth + 6} y={barY + BAR_HEIGHT - 5} className="fill-slate-700 text-[11px]">
                    {`${bar.label} ${bar.value.toLocaleString("en", { maximumFractionDigits: 1 })}`}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </ChartSvg>
  );
}
