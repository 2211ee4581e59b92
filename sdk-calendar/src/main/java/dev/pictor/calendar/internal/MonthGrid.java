package dev.pictor.calendar.internal;

import dev.pictor.calendar.CalendarLayout.Grid;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.YearMonth;
import java.time.temporal.WeekFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws one month's week grid, Monday first, in a box: a header row of weekday names, then one row
 * per week (six rows of space, so every month of a calendar lines up). Weekends are in the accent
 * colour. The grid type decides the lines: boxed cells, ruled rows with ISO week numbers, open rows
 * with soft circles, or numbers alone. Stateless; thread-safe.
 */
final class MonthGrid {
  private static final int ROWS = 6;

  private MonthGrid() {}

  static void draw(PageCanvas c, Grid grid, Palette p, Locale locale, YearMonth month, float x, float y, float w, float h)
      throws IOException {
    boolean weekNumbers = grid == Grid.BUSINESS_CALENDAR;
    float weekColumn = weekNumbers ? w * 0.07f : 0;
    float colW = (w - weekColumn) / 7;
    float headerH = Math.min(h * 0.12f, colW * 0.6f);
    float rowH = (h - headerH) / ROWS;
    float gx = x + weekColumn;
    float top = y + h;
    float size = Math.min(rowH * 0.42f, colW * 0.38f);

    List<String> days = MonthNames.weekdays(locale);
    float headSize = Math.min(headerH * 0.55f, size * 0.85f);
    for (int d = 0; d < 7; d++) {
      float cx = gx + colW * d + colW / 2;
      float hs = PageCanvas.fit(c.bold, headSize, colW * 0.9f, days.get(d));
      c.centred(c.bold, hs, d >= 5 ? p.accent() : p.ink(), cx, top - headerH * 0.7f, days.get(d));
    }
    if (grid == Grid.TWELVE_MONTH_GRID || grid == Grid.BUSINESS_CALENDAR) {
      c.line(p.ink(), 0.8f, gx, top - headerH, gx + colW * 7, top - headerH);
    }

    List<int[]> weeks = weeks(month);
    for (int r = 0; r < weeks.size(); r++) {
      int[] week = weeks.get(r);
      float rowTop = top - headerH - rowH * r;
      if (weekNumbers) {
        int firstDay = week[0] > 0 ? week[0] : 1;
        String wk = String.valueOf(month.atDay(firstDay).get(WeekFields.ISO.weekOfWeekBasedYear()));
        c.centred(c.regular, size * 0.6f, Palette.mix(p.ink(), p.paper(), 0.45), x + weekColumn / 2, rowTop - rowH * 0.6f, wk);
        c.line(p.soft(), 0.5f, gx, rowTop - rowH, gx + colW * 7, rowTop - rowH);
      }
      for (int d = 0; d < 7; d++) {
        int day = week[d];
        float cx0 = gx + colW * d;
        if (grid == Grid.TWELVE_MONTH_GRID) c.stroke(p.soft(), 0.5f, cx0, rowTop - rowH, colW, rowH);
        if (day == 0) continue;
        boolean weekend = d >= 5;
        String n = String.valueOf(day);
        if (grid == Grid.TWELVE_MONTH_GRID) {
          c.text(c.regular, size, weekend ? p.accent() : p.ink(), cx0 + colW * 0.1f, rowTop - size * 1.15f, n);
        } else if (grid == Grid.ROMANTIC_GRID) {
          if (weekend) c.circle(p.soft(), cx0 + colW / 2, rowTop - rowH / 2 + size * 0.33f, Math.min(colW, rowH) * 0.38f);
          c.centred(c.regular, size, weekend ? p.accent() : p.ink(), cx0 + colW / 2, rowTop - rowH / 2, n);
        } else {
          c.centred(grid == Grid.MINIMAL_GRID ? c.regular : c.bold, size * (grid == Grid.MINIMAL_GRID ? 0.9f : 1f),
              weekend ? p.accent() : p.ink(), cx0 + colW / 2, rowTop - rowH * 0.6f, n);
        }
      }
    }
  }

  /**
   * The month's weeks, Monday first: one array of seven days per week, 0 where a day belongs to the
   * month before or after. Four to six weeks.
   */
  static List<int[]> weeks(YearMonth month) {
    int lead = month.atDay(1).getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue();
    int length = month.lengthOfMonth();
    List<int[]> weeks = new ArrayList<>(ROWS);
    for (int first = 1 - lead; first <= length; first += 7) {
      int[] week = new int[7];
      for (int d = 0; d < 7; d++) week[d] = first + d >= 1 && first + d <= length ? first + d : 0;
      weeks.add(week);
    }
    return weeks;
  }

  /** Ruled lines for notes in a box. */
  static void notes(PageCanvas c, Palette p, float x, float y, float w, float h) throws IOException {
    int lines = 4;
    for (int i = 1; i <= lines; i++) {
      float ly = y + h - h * i / (lines + 0.5f);
      c.line(Palette.mix(p.ink(), p.paper(), 0.7), 0.6f, x, ly, x + w, ly);
    }
  }
}
