import { compactNumber, linearTicks, logTicks, niceCeiling, scaleLinear, scaleLog } from "@/lib/lab/chart-scale";
import { ChartSvg } from "@/app/_components/charts/chart-svg";

type LineSeries = { label: string; colour: string; points: { x: number; y: number }[] };

type Props = { title: string; description: string; xLabel: string; yLabel: string; series: LineSeries[]; testId?: string };

const WIDTH = 640;
const HEIGHT = 280;
const MARGIN = { top: 16, right: 24, bottom: 44, left: 64 };

/** Lines over a log10 x axis as server-rendered SVG, with a title and description for screen readers. */
export function LogLineChart({ title, description, xLabel, yLabel, series, testId }: Props) {
  const xs = series.flatMap((line) => line.points.map((point) => point.x));
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs, minX * 10);
  const ticksX = logTicks(minX, maxX);
  // No ticks means no positive x; scaleLog then draws at the axis, as it does for any range it cannot scale.
  const [left, right] = [ticksX.at(0) ?? minX, ticksX.at(-1) ?? maxX];
  const maxY = niceCeiling(Math.max(...series.flatMap((line) => line.points.map((point) => point.y))));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + scaleLog(x, left, right, plotW);
  const py = (y: number) => MARGIN.top + plotH - scaleLinear(y, maxY, plotH);
  return (
    <ChartSvg testId={testId ?? "line"} title={title} description={description} width={WIDTH} height={HEIGHT}>
      {linearTicks(maxY).map((tick) => (
        <g key={`y${tick}`}>
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={py(tick)} y2={py(tick)} className="stroke-slate-200" />
          <text x={MARGIN.left - 6} y={py(tick) + 4} textAnchor="end" className="fill-slate-500 text-[11px]">
            {tick.toLocaleString("en")}
          </text>
        </g>
      ))}
      {ticksX.map((tick) => (
        <text
          key={`x${tick}`}
          x={px(tick)}
          y={HEIGHT - MARGIN.bottom + 16}
          textAnchor="middle"
          className="fill-slate-500 text-[11px]"
        >
          {compactNumber(tick)}
        </text>
      ))}
      <text x={MARGIN.left + plotW / 2} y={HEIGHT - 6} textAnchor="middle" className="fill-slate-600 text-[11px]">
        {xLabel}
      </text>
      <text
        x={12}
        y={MARGIN.top + plotH / 2}
        transform={`rotate(-90 12 ${MARGIN.top + plotH / 2})`}
        textAnchor="middle"
        className="fill-slate-600 text-[11px]"
      >
        {yLabel}
      </text>
      {series.map((line, index) => (
        <g key={line.label}>
          <polyline
            fill="none"
            stroke={line.colour}
            strokeWidth={2}
            points={line.points.map((point) => `${px(point.x)},${py(point.y)}`).join(" ")}
          />
          {line.points.map((point) => (
            <circle key={point.x} cx={px(point.x)} cy={py(point.y)} r={4} fill={line.colour} />
          ))}
          <text
            x={WIDTH - MARGIN.right}
            y={MARGIN.top + 12 + index * 14}
            textAnchor="end"
            fill={line.colour}
            className="text-[11px] font-medium"
          >
            {line.label}
          </text>
        </g>
      ))}
    </ChartSvg>
  );
}
