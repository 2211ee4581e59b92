/**
 * Themed photo calendars (seed 001): {@link dev.pictor.calendar.CalendarGenerator} turns a customer's
 * photos and a {@link dev.pictor.calendar.CalendarTheme} into a {@link dev.pictor.calendar.CalendarProject}
 * that trains a LoRA (or stylises the photos directly), generates variants, takes a selection of twelve
 * {@link dev.pictor.calendar.MonthPick}s and renders a printable PDF with
 * {@link dev.pictor.calendar.RenderOptions}. Everything under {@code internal} is not API.
 */
package dev.pictor.calendar;
