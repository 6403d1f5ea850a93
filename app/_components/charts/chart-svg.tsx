import type { ReactNode } from "react";

type Props = {
  testId: string;
  title: string;
  description: string;
  width: number;
  height: number;
  wide?: boolean;
  children: ReactNode;
};

/** A server-rendered SVG chart as one image for assistive technology: named by its title, described by its numbers. */
export function ChartSvg({ testId, title, description, width, height, wide = false, children }: Props) {
  const titleId = `${testId}-title`;
  const descId = `${testId}-desc`;
  return (
    <svg
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      data-testid={testId}
      viewBox={`0 0 ${width} ${height}`}
      className={`h-auto w-full ${wide ? "max-w-3xl" : "max-w-2xl"} font-sans`}
    >
      <title id={titleId}>{title}</title>
      <desc id={descId}>{description}</desc>
      {children}
    </svg>
  );
}
