/** One or more series as polylines in a small inline SVG; the numbers are given as text beside it. */
export function Sparkline(props: {
  series: { label: string; values: number[]; className: string }[];
  width?: number;
  height?: number;
  title: string;
}) {
  const width = props.width ?? 480;
  const height = props.height ?? 80;
  const length = Math.max(1, ...props.series.map((s) => s.values.length));
  const max = Math.max(1, ...props.series.flatMap((s) => s.values));
  const x = (i: number) => (length === 1 ? width : (i / (length - 1)) * width);
  const y = (v: number) => height - 2 - (v / max) * (height - 4);
  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      height={height}
      preserveAspectRatio="none"
      role="img"
      aria-label={props.title}
    >
      <title>{props.title}</title>
      {props.series.map((s) => (
        <polyline
          key={s.label}
          className={s.className}
          fill="none"
          vectorEffect="non-scaling-stroke"
          points={s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
        />
      ))}
    </svg>
  );
}
