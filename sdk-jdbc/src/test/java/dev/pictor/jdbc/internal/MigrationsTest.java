package dev.pictor.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.jdbc.JdbcDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  @Test
  void everyDialectHasTheSameSteps() {
    List<String> postgres = describe(JdbcDialect.POSTGRESQL);
    assertThat(postgres).isNotEmpty();
    assertThat(describe(JdbcDialect.H2)).isEqualTo(postgres);
  }

  @Test
  void everyStatementNamesItsTablesWithThePrefix() {
    for (JdbcDialect d : JdbcDialect.values()) {
      for (Migrations.Step step : Migrations.of(d)) {
        assertThat(step.statements()).allSatisfy(s -> assertThat(s).contains("${prefix}"));
      }
    }
  }

  /** H2 instances that start at once may both run a step; running each statement twice must do no harm. */
  @Test
  void h2StepsAreIdempotent() throws Exception {
    Tables tables = new Tables("twice_");
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:idempotent"); Statement s = c.createStatement()) {
      for (Migrations.Step step : Migrations.of(JdbcDialect.H2)) {
        for (String statement : step.statements()) {
          s.execute(tables.sql(statement));
          s.execute(tables.sql(statement));
        }
      }
    }
  }

  @Test
  void aStepIsItsDescriptionAndItsStatements() {
    Migrations.Step step = Migrations.parse(3, "-- adds a column\n-- a note\nALTER TABLE ${prefix}records\n"
        + "  ADD COLUMN x INT;\n\nCREATE INDEX ${prefix}x ON ${prefix}records (x);\n");

    assertThat(step.version()).isEqualTo(3);
    assertThat(step.description()).isEqualTo("adds a column");
    assertThat(step.statements()).containsExactly("ALTER TABLE ${prefix}records\n  ADD COLUMN x INT",
        "CREATE INDEX ${prefix}x ON ${prefix}records (x)");
    assertThatThrownBy(() -> Migrations.parse(4, "-- unfinished\nCREATE TABLE x (y INT)"))
        .hasMessage("step V4 ends without ';'");
  }

  private static List<String> describe(JdbcDialect d) {
    return Migrations.of(d).stream().map(s -> s.version() + " " + s.description()).collect(Collectors.toList());
  }
}
