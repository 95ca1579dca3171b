// The time slider above the canvas: a month over the span of the drawn links' dates, Play /
// Pause stepping month by month, "All dates", and the readout "Links in force on 2023-05: 34
// of 120". The rules are time.js's; the canvas is the controller's (showAtDate).

import { $, clear, h } from '../../shared/dom.js';
import { addMonths, monthIndex, monthSpan, monthWords, nextMonth, timeReadout } from './time.js';

export const PLAY_STEP_MS = 700;

/** Wires #timebar to the controller; returns {reset()} for when another person opens. */
export function setupTimeSlider(controller) {
  const bar = $('timebar');
  const state = { span: null, month: null, timer: null, edgeCount: -1 };

  const play = h('button', { type: 'button', id: 'time-play', 'aria-pressed': 'false',
    text: 'Play', title: 'Step through the links in force month by month' });
  const slider = h('input', { type: 'range', id: 'time-slider', min: '0', max: '0', step: '1',
    value: '0', 'aria-describedby': 'time-readout' });
  const sliderLabel = h('label', { for: 'time-slider', class: 'time-label', text: 'Links in force on' });
  const monthOut = h('output', { id: 'time-month', for: 'time-slider', class: 'time-month', text: '—' });
  const all = h('button', { type: 'button', id: 'time-all', 'aria-pressed': 'true', text: 'All dates',
    title: 'Show every link whatever its dates' });
  const readout = h('p', { id: 'time-readout', class: 'time-readout small', role: 'status',
    'aria-live': 'polite' });
  clear(bar).append(play, sliderLabel, slider, monthOut, all, readout);

  function setMonth(value) {
    state.month = value;
    const view = controller.showAtDate(value);
    all.setAttribute('aria-pressed', String(!value));
    bar.classList.toggle('time-on', Boolean(value));
    if (value) {
      slider.value = String(monthIndex(value) - monthIndex(state.span.first));
      slider.setAttribute('aria-valuetext', monthWords(value));
      monthOut.textContent = value;
      readout.textContent = timeReadout(view, value);
    } else {
      slider.removeAttribute('aria-valuetext');
      monthOut.textContent = 'all dates';
      readout.textContent = state.span
        ? `All ${controller.drawn().edges.length} links shown, whatever their dates.`
        : 'No link drawn has a recorded date.';
    }
  }

  function stop() {
    if (state.timer) clearInterval(state.timer);
    state.timer = null;
    play.textContent = 'Play';
    play.setAttribute('aria-pressed', 'false');
    readout.setAttribute('aria-live', 'polite');
  }

  function step() {
    const next = nextMonth(state.span, state.month);
    if (!next) {
      stop();
      return;
    }
    setMonth(next);
  }

  play.addEventListener('click', () => {
    if (state.timer) {
      stop();
      return;
    }
    if (!state.span) return;
    // From the start when not on a month yet or already at the end.
    if (!state.month || state.month === state.span.last) setMonth(state.span.first);
    play.textContent = 'Pause';
    play.setAttribute('aria-pressed', 'true');
    readout.setAttribute('aria-live', 'off'); // a status a second would drown a screen reader
    state.timer = setInterval(step, PLAY_STEP_MS);
  });
  slider.addEventListener('input', () => {
    if (!state.span) return;
    setMonth(addMonths(state.span.first, Number(slider.value)));
  });
  all.addEventListener('click', () => {
    stop();
    setMonth(null);
  });

  /** The span follows what is drawn (a new person, an expansion, the filters). */
  function refresh() {
    const edges = controller.cy.edges().not('.filtered').map((e) => e.data());
    const span = monthSpan(edges);
    const disabled = !span;
    play.disabled = disabled;
    slider.disabled = disabled;
    all.disabled = disabled;
    const changed = JSON.stringify(span) !== JSON.stringify(state.span);
    state.span = span;
    if (changed && span) {
      slider.max = String(span.count - 1);
      monthOut.dataset.first = span.first;
      monthOut.dataset.last = span.last;
    }
    if (!span) {
      stop();
      if (state.month) controller.showAtDate(null);
      state.month = null;
    }
    let current = state.month;
    if (current && span && monthIndex(current) > monthIndex(span.last)) current = span.last;
    if (current && span && monthIndex(current) < monthIndex(span.first)) current = span.first;
    setMonth(current);
  }

  controller.onDrawnChange(() => {
    // Only additions, removals and filter changes matter here (not the slider's own classes).
    const count = controller.cy.elements().not('.filtered').length;
    if (count === state.edgeCount) return;
    state.edgeCount = count;
    refresh();
  });
  bar.hidden = true;

  return {
    /**
     * Another person opens (visible) or none: back to all dates. The bar shows before the
     * network is drawn, so the fit sees the canvas at its final height.
     */
    reset({ visible = true } = {}) {
      bar.hidden = !visible;
      stop();
      state.month = null;
      state.edgeCount = -1;
      controller.showAtDate(null);
    },
  };
}
