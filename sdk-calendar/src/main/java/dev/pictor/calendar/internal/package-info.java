/** The calendar workflow's implementation and its PDF renderer; not API, may change in any release. */
package dev.pictor.calendar.internal;
