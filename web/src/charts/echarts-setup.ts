/**
 * ECharts with only what the app draws — line and bar charts, their grid, axes, tooltip and
 * legend; the dashboard's choropleth (a map series on our own GeoJSON via `registerMap`, its geo
 * coordinate system and a visualMap); on canvas. Imported only through `loadECharts()`, so the
 * library is a lazy chunk that the first chart on a page pulls in. A page needing another chart
 * type (a heatmap) registers it here, or in a setup module of its own loaded the same way.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  DataZoomComponent,
  GeoComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  LineChart,
  BarChart,
  MapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  DataZoomComponent,
  GeoComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export { echarts };
