// The trend chart of "Who is flagged": flags set per 1,000 people, quarter by quarter, for
// everyone and the groups with the most flags (Chart.js, registered once, no animation so
// it is drawn at once). Points resting on small counts are drawn hollow and their tooltip
// says so; the figures are also in the table beside the chart.

import {
  CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip,
} from 'chart.js';

import { pointText } from './format.js';

Chart.register(CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

const COLOURS = ['#111827', '#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#b45309', '#0e7490'];

/** Draw (or redraw) the chart on `canvas` from chartSeries' output; returns the Chart. */
export function drawTrend(canvas, { labels, series }) {
  Chart.getChart(canvas)?.destroy();
  canvas.dataset.quarters = labels.join(',');
  canvas.dataset.series = series.map((s) => s.name).join(',');
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: series.map((s, i) => ({
        label: s.name,
        data: s.points.map((p) => p.rate),
        borderColor: COLOURS[i % COLOURS.length],
        backgroundColor: COLOURS[i % COLOURS.length],
        borderWidth: s.overall ? 3 : 2,
        borderDash: s.overall ? [6, 4] : [],
        pointRadius: 4,
        pointBackgroundColor: s.points.map((p) => (p.small ? '#fff' : COLOURS[i % COLOURS.length])),
        tension: 0,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        y: { beginAtZero: true, title: { display: true, text: 'Flags set per 1,000 people' } },
        x: { title: { display: true, text: 'Quarter' } },
      },
      plugins: {
        tooltip: { callbacks: { label: (item) => pointText(series[item.datasetIndex].name,
          labels[item.dataIndex], series[item.datasetIndex].points[item.dataIndex]) } },
        legend: { position: 'bottom' },
      },
    },
  });
}

export function removeTrend(canvas) {
  Chart.getChart(canvas)?.destroy();
}
