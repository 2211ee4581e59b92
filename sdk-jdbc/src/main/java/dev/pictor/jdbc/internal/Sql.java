package dev.pictor.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * SQL text with its bind values, built up in pieces. Values only ever become {@code ?} parameters;
 * the text holds nothing but the store's own SQL and validated table names. Not thread-safe; build
 * one per statement.
 */
public final class Sql {
  private final StringBuilder text = new StringBuilder();
  private final List<Object> values = new ArrayList<>();

  public Sql(String text, Object... values) {
    append(text, values);
  }

  /** Adds {@code fragment} and the values of its {@code ?} parameters, in order; values are not null. */
  public Sql append(String fragment, Object... fragmentValues) {
    text.append(fragment);
    Collections.addAll(values, fragmentValues);
    return this;
  }

  /** Adds another piece with its values. */
  public Sql append(Sql piece) {
    text.append(piece.text);
    values.addAll(piece.values);
    return this;
  }

  /** {@code (?, ?, ?)} for {@code items}, bound to them; {@code items} is not empty. */
  public Sql appendList(Collection<?> items) {
    text.append('(').append(String.join(", ", Collections.nCopies(items.size(), "?"))).append(')');
    values.addAll(items);
    return this;
  }

  /** A prepared statement with every value bound; the caller closes it. */
  public PreparedStatement prepare(Connection c) throws SQLException {
    PreparedStatement ps = c.prepareStatement(text.toString());
    try {
      for (int i = 0; i < values.size(); i++) bind(ps, i + 1, values.get(i));
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
    if (value instanceof String) ps.setString(index, (String) value);
    else if (value instanceof Long) ps.setLong(index, (Long) value);
    else if (value instanceof Integer) ps.setInt(index, (Integer) value);
    else throw new IllegalArgumentException("cannot bind a " + value.getClass().getName());
  }

  @Override
  public String toString() {
    return text.toString(); // never the values
  }
}
