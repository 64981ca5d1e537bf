// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderWithApp } from '../../testing/render';
import { ReportForm, type ReportSubmission } from './ReportForm';
import { categoryTree, type Category } from './report-api';

const cat = (code: string, parentCode: string | null, nameZh: string, sortOrder: number, active = true): Category => ({
  code,
  parentCode,
  eventType: 'hazard',
  nameZh,
  nameEn: code,
  sortOrder,
  active,
});

const taxonomy = categoryTree(
  [
    cat('hazard.fire', null, '消防安全', 1),
    cat('hazard.fire.exits', 'hazard.fire', '消防通道堵塞', 1),
    cat('hazard.fire.ebike', 'hazard.fire', '电动车违规充电', 2),
    cat('hazard.gas', null, '燃气安全', 2),
    cat('hazard.gas.leak', 'hazard.gas', '燃气泄漏', 1),
  ],
  'zh-CN',
);

const fire = categoryTree([cat('hazard.fire', null, '火灾隐患', 1)], 'zh-CN');

function stubGeolocation(accuracy = 12.4) {
  vi.stubGlobal('navigator', {
    ...navigator,
    geolocation: {
      getCurrentPosition: (ok: PositionCallback) =>
        ok({ coords: { longitude: 103.123456, latitude: 36.654321, accuracy } } as GeolocationPosition),
    },
  });
}

function denyGeolocation() {
  vi.stubGlobal('navigator', {
    ...navigator,
    geolocation: {
      getCurrentPosition: (_ok: PositionCallback, fail: PositionErrorCallback) =>
        fail({ code: 1, message: 'denied' } as GeolocationPositionError),
    },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

function describeIt(text = 'smoke by the barn') {
  fireEvent.change(screen.getByPlaceholderText('发生了什么、在哪里、涉及谁'), { target: { value: text } });
}

/** Opens the picker and taps a domain, then an aspect. */
async function pickCategory(domain: string, aspect?: string) {
  const picker = document.querySelector('.ant-cascader') as HTMLElement;
  fireEvent.mouseDown(picker.querySelector('input') ?? picker);
  fireEvent.click(await screen.findByText(domain, { selector: '.ant-cascader-menu-item-content' }));
  if (aspect) fireEvent.click(await screen.findByText(aspect, { selector: '.ant-cascader-menu-item-content' }));
}

describe('categoryTree', () => {
  it('nests aspects under their domain in the taxonomy order, drops inactive ones, and lets a domain without active aspects be chosen', () => {
    const tree = categoryTree(
      [
        cat('b', null, 'B', 2),
        cat('a', null, 'A', 1),
        cat('a.2', 'a', 'A2', 2),
        cat('a.1', 'a', 'A1', 1),
        cat('b.1', 'b', 'B1', 1, false),
        cat('c', null, 'C', 3, false),
      ],
      'zh-CN',
    );
    expect(tree).toEqual([
      {
        value: 'a',
        label: 'A',
        children: [
          { value: 'a.1', label: 'A1' },
          { value: 'a.2', label: 'A2' },
        ],
      },
      { value: 'b', label: 'B' },
    ]);
  });
});

describe('ReportForm', () => {
  it('refuses to submit without a category and a description, and shows the GPS position with its accuracy', async () => {
    stubGeolocation();
    const onSubmit = vi.fn(async () => {});
    renderWithApp(<ReportForm categories={fire} onSubmit={onSubmit} />);
    expect(screen.getByTestId('geo').textContent).toContain('12');
    expect(screen.getByTestId('geo').textContent).toContain('103.123456');
    expect(screen.getByTestId('location-summary').textContent).toContain('手机定位');
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await screen.findByText('请选择事件类型');
    expect(screen.getByText('请填写情况描述')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('picks the category in two steps, domain then aspect, and sends the aspect code with the GPS position', async () => {
    stubGeolocation();
    const onSubmit = vi.fn(async (_s: ReportSubmission) => {});
    renderWithApp(<ReportForm categories={taxonomy} onSubmit={onSubmit} />);
    await pickCategory('燃气安全', '燃气泄漏');
    describeIt();
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0].body).toEqual({
      categoryCode: 'hazard.gas.leak',
      description: 'smoke by the barn',
      riskLevel: 'blue',
      location: { lng: 103.123456, lat: 36.654321, crs: 'wgs84' },
    });
  });

  it('finds an aspect by searching its name', async () => {
    stubGeolocation();
    const onSubmit = vi.fn(async (_s: ReportSubmission) => {});
    renderWithApp(<ReportForm categories={taxonomy} onSubmit={onSubmit} />);
    const input = document.querySelector('.ant-cascader input') as HTMLInputElement;
    fireEvent.mouseDown(input);
    fireEvent.change(input, { target: { value: '电动车' } });
    const hit = await waitFor(() => {
      const item = [...document.querySelectorAll('.ant-cascader-menu-item')].find((el) =>
        el.textContent?.includes('电动车违规充电'),
      );
      expect(item).toBeTruthy();
      return item as HTMLElement;
    });
    expect(document.querySelectorAll('.ant-cascader-menu-item').length).toBe(1);
    fireEvent.click(hit);
    describeIt();
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0].body.categoryCode).toBe('hazard.fire.ebike');
  });

  it('without GPS, the worker names their own grid: the report carries the grid code and no invented coordinates', async () => {
    denyGeolocation();
    const onSubmit = vi.fn(async (_s: ReportSubmission) => {});
    renderWithApp(
      <ReportForm
        categories={fire}
        area={{ code: '620000000000001', name: '东村一网格', level: 'grid' }}
        onSubmit={onSubmit}
      />,
    );
    expect(screen.getByTestId('geo').textContent).toContain('denied');
    expect(screen.getByTestId('location-summary').textContent).toContain('东村一网格');
    await pickCategory('火灾隐患');
    describeIt();
    fireEvent.change(screen.getByPlaceholderText('如：东村三组路口'), { target: { value: '三组路口' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const body = onSubmit.mock.calls[0][0].body;
    expect(body).toMatchObject({ jurisdictionCode: '620000000000001', address: '三组路口' });
    expect(body).not.toHaveProperty('location');
  });

  it('an imprecise GPS fix falls back to the grid, and the worker may still choose the GPS', async () => {
    stubGeolocation(1500);
    const onSubmit = vi.fn(async (_s: ReportSubmission) => {});
    renderWithApp(
      <ReportForm
        categories={fire}
        area={{ code: '620000000000001', name: '东村一网格', level: 'grid' }}
        onSubmit={onSubmit}
      />,
    );
    expect(screen.getByText(/误差约 1500 米/)).toBeTruthy();
    expect(screen.getByTestId('location-summary').textContent).toContain('东村一网格');
    fireEvent.click(screen.getByText('手机定位'));
    expect(screen.getByTestId('location-summary').textContent).toContain('1500');
    await pickCategory('火灾隐患');
    describeIt();
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0].body).toMatchObject({
      location: { lng: 103.123456, lat: 36.654321, crs: 'wgs84' },
    });
    expect(onSubmit.mock.calls[0][0].body).not.toHaveProperty('jurisdictionCode');
  });

  it('without GPS and without another way, says a location is needed and does not submit', async () => {
    denyGeolocation();
    const onSubmit = vi.fn(async () => {});
    renderWithApp(<ReportForm publicForm categories={fire} onSubmit={onSubmit} />);
    await pickCategory('火灾隐患');
    describeIt();
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await screen.findByText('请给出事发位置');
    expect(screen.getByTestId('location-summary').textContent).toBe('尚未确定位置');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("without GPS, the citizen's place picker opens by itself; the chosen place needs the address and is sent as jurisdictionCode", async () => {
    denyGeolocation();
    const onSubmit = vi.fn(async (_s: ReportSubmission) => {});
    // a stand-in for the cascader: the form's part is showing it and sending what it chose
    const Picker = ({
      value,
      onChange,
    }: {
      value: { code: string } | null;
      onChange(area: { code: string; name: string; level: 'village' } | null): void;
    }) => (
      <button
        type="button"
        data-testid="fake-picker"
        onClick={() => onChange({ code: '620999100201', name: '测试县 / 甲镇 / 东村', level: 'village' })}
      >
        {value?.code ?? 'none'}
      </button>
    );
    renderWithApp(<ReportForm publicForm categories={fire} placePicker={Picker} onSubmit={onSubmit} />);
    expect((await screen.findByTestId('fake-picker')).textContent).toBe('none');
    expect(screen.getByTestId('location-summary').textContent).toBe('尚未选择地点：请选到镇（街道）或村（社区）');
    await pickCategory('火灾隐患');
    describeIt();
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await screen.findByText('请给出事发位置');
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('fake-picker'));
    expect(screen.getByTestId('location-summary').textContent).toContain('将发送：测试县 / 甲镇 / 东村');
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await screen.findByText('无定位时请填写地址');
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.change(screen.getByPlaceholderText('门牌号、小区、路口…'), { target: { value: '东街 3 号' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0].body).toMatchObject({ jurisdictionCode: '620999100201', address: '东街 3 号' });
    expect(onSubmit.mock.calls[0][0].body).not.toHaveProperty('location');
    // sent: the form starts over, the place too
    await waitFor(() => expect(screen.getByTestId('fake-picker').textContent).toBe('none'));
  });

  it('with GPS, the citizen may still choose the place instead', async () => {
    stubGeolocation();
    const onSubmit = vi.fn(async (_s: ReportSubmission) => {});
    const Picker = ({ onChange }: { onChange(area: { code: string; name: string; level: 'town' }): void }) => (
      <button
        type="button"
        data-testid="fake-picker"
        onClick={() => onChange({ code: '620999100000', name: '甲镇', level: 'town' })}
      />
    );
    renderWithApp(<ReportForm publicForm categories={fire} placePicker={Picker} onSubmit={onSubmit} />);
    await waitFor(() => expect(screen.getByTestId('location-summary').textContent).toContain('手机定位'));
    expect(screen.queryByTestId('fake-picker')).toBeNull();
    fireEvent.click(screen.getByText('选择地点'));
    fireEvent.click(await screen.findByTestId('fake-picker'));
    await pickCategory('火灾隐患');
    describeIt();
    fireEvent.change(screen.getByLabelText('地址'), { target: { value: '镇政府门口' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0].body).toMatchObject({ jurisdictionCode: '620999100000', address: '镇政府门口' });
    expect(onSubmit.mock.calls[0][0].body).not.toHaveProperty('location');
  });

  it('the citizen form asks for at least 5 characters and a valid mobile number', async () => {
    stubGeolocation();
    const onSubmit = vi.fn(async () => {});
    renderWithApp(<ReportForm publicForm categories={fire} onSubmit={onSubmit} />);
    expect(screen.queryByText('风险等级')).toBeNull();
    describeIt('abc');
    fireEvent.change(screen.getByLabelText('手机号（选填）'), { target: { value: '123' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await screen.findByText('描述至少 5 个字');
    expect(screen.getByText('请输入 11 位手机号')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
