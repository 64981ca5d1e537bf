// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { renderWithApp } from '../../testing/render';
import { KpiCard, changeTone } from './KpiCard';
import type { ComparedKpi, KpiValue } from '../../api/types';

const value = (display: string, v: number | null, kind: 'count' | 'rate' = 'count'): KpiValue => ({
  key: 'x',
  kind,
  value: v,
  numerator: 0,
  denominator: null,
  display,
});
const kpi = (
  display: string,
  mom: { display: string; delta: number | null },
  yoy: { display: string; delta: number | null },
): ComparedKpi => ({
  ...value(display, 1),
  mom: { previous: value('', 0), ratio: null, ...mom },
  yoy: { previous: value('', 0), ratio: null, ...yoy },
});

describe('KpiCard', () => {
  it('shows the server’s display strings for the figure, 环比 and 同比', () => {
    renderWithApp(
      <KpiCard
        label="受理量"
        kpi={kpi('3,638', { display: '+12.5%', delta: 404 }, { display: '-3.1%', delta: -117 })}
        higherIsBetter
      />,
    );
    expect(screen.getByText('受理量')).toBeTruthy();
    expect(screen.getByText('3,638')).toBeTruthy();
    expect(screen.getByLabelText('环比 +12.5%, 向好')).toBeTruthy();
    expect(screen.getByLabelText('同比 -3.1%, 变差')).toBeTruthy();
  });

  it('points the arrow by the change and colours it by whether the change is good for this KPI', () => {
    renderWithApp(
      <KpiCard
        label="逾期量"
        kpi={kpi('12', { display: '+20%', delta: 2 }, { display: '-50%', delta: -12 })}
        higherIsBetter={false}
      />,
    );
    const mom = screen.getByLabelText('环比 +20%, 变差');
    expect(mom.dataset.tone).toBe('bad');
    expect(mom.querySelector('[aria-label="arrow-up"]')).toBeTruthy();
    const yoy = screen.getByLabelText('同比 -50%, 向好');
    expect(yoy.dataset.tone).toBe('good');
    expect(yoy.querySelector('[aria-label="arrow-down"]')).toBeTruthy();
    expect(changeTone({ previous: value('', 0), delta: 0, ratio: null, display: '0' }, true)).toEqual({
      direction: 'flat',
      tone: 'neutral',
    });
  });

  it('shows — for a figure or change without a value, with no arrow', () => {
    renderWithApp(
      <KpiCard
        label="满意率"
        kpi={kpi('—', { display: '—', delta: null }, { display: '—', delta: null })}
        higherIsBetter
      />,
    );
    expect(screen.getByLabelText('满意率 —')).toBeTruthy();
    const mom = screen.getByLabelText('环比 —');
    expect(mom.dataset.tone).toBe('neutral');
    expect(mom.querySelector('[aria-label^="arrow"]')).toBeNull();
    renderWithApp(<KpiCard label="化解率" kpi={undefined} higherIsBetter />);
    expect(screen.getByLabelText('化解率 —')).toBeTruthy();
  });

  it('lists the events behind the number when it is clicked, in the chosen language', () => {
    const onDrill = vi.fn();
    renderWithApp(
      <KpiCard
        label="Resolved"
        kpi={kpi('3,330', { display: '+1', delta: 1 }, { display: '0', delta: 0 })}
        higherIsBetter
        onDrill={onDrill}
      />,
      { locale: 'en' },
    );
    fireEvent.click(screen.getByText('3,330'));
    expect(onDrill).toHaveBeenCalledTimes(1);
    expect(screen.getByLabelText('vs previous +1, better')).toBeTruthy();
    expect(screen.getByLabelText('vs last year 0')).toBeTruthy();
  });
});
