/**
 * ECharts with only what the app draws — line and bar charts, their grid, axes, tooltip and
 * legend, on canvas. Imported only through `loadECharts()`, so the library is a lazy chunk that
 * the first chart on a page pulls in. A page needing another chart type (a map, a heatmap)
 * registers it here, or in a setup module of its own loaded the same way.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, DataZoomComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, DataZoomComponent, CanvasRenderer]);

export { echarts };
