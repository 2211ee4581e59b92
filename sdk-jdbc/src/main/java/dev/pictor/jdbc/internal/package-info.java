/**
 * The implementation of {@code sdk-jdbc}: SQL, migrations, claims. Not an API; it may change in any
 * release.
 */
package dev.pictor.jdbc.internal;
