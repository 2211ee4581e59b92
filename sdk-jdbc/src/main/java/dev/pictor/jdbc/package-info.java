/**
 * A durable {@link dev.pictor.spi.JobStore} on JDBC: {@link dev.pictor.jdbc.JdbcJobStore} over the
 * caller's {@link javax.sql.DataSource}, for PostgreSQL and H2. It creates and migrates its own
 * tables, updates by compare-and-set, and shares work between instances through leases. Bring the
 * JDBC driver of your database ({@code org.postgresql:postgresql} or {@code com.h2database:h2}).
 */
package dev.pictor.jdbc;
