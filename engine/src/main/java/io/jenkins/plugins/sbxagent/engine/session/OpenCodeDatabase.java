package io.jenkins.plugins.sbxagent.engine.session;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * OpenCode's sessions live in a SQLite database, which an agent wrote and a later one reads back. The database a session
 * crosses in is checked by SQL, on a private copy: it holds the session, every session in it works in the sandbox's
 * workspace (OpenCode runs a resumed session's tools in the folder the database names, and never ends when that is not
 * the one it runs in), and no account or credential of OpenCode's is in it.
 */
final class OpenCodeDatabase {
    /** Where the database lies in the state folder ({@code XDG_DATA_HOME}). */
    static final String FILE = "opencode/opencode.db";
    private static final String WORKSPACE = "/workspace";
    private static final List<String> CREDENTIAL_TABLES = List.of("account", "control_account", "credential");

    private OpenCodeDatabase() {
    }

    /**
     * Folds a database and its write-ahead log (as OpenCode left them in {@code folder}) into one checked file at
     * {@code target}, through a private copy in {@code scratch}: only the database's pages, compacted.
     *
     * @throws SpecException naming {@code field} when the database does not hold what a session may
     */
    static void compact(Path folder, Path scratch, String sessionId, Path target, String field) throws IOException {
        Path copy = scratch.resolve("opencode.db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path part = folder.resolve("opencode.db" + suffix);
            if (Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS)) {
                Files.copy(part, scratch.resolve("opencode.db" + suffix), LinkOption.NOFOLLOW_LINKS);
            }
        }
        try (Connection db = open(copy, false)) {
            check(db, sessionId, field);
            try (Statement vacuum = db.createStatement()) {
                vacuum.execute("VACUUM INTO '" + target.toString().replace("'", "''") + "'");
            }
        } catch (SQLException e) {
            throw new SpecException(field, "OpenCode's database cannot be read: " + e.getMessage(), "Continue a session OpenCode left whole.");
        }
    }

    /** Checks a database as it crosses in, on a private copy in {@code scratch}. */
    static void checkCopy(Path database, Path scratch, String sessionId, String field) throws IOException {
        Path copy = scratch.resolve("check.db");
        Files.copy(database, copy, LinkOption.NOFOLLOW_LINKS);
        try (Connection db = open(copy, true)) {
            check(db, sessionId, field);
        } catch (SQLException e) {
            throw new SpecException(field, "the session's database cannot be read: " + e.getMessage(),
                    "Continue the session from the unchanged outputs of the run that left it.");
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private static Connection open(Path file, boolean readOnly) throws SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(readOnly);
        // a database is data here: no extension loads, no trusted schema runs a function it names
        config.enableLoadExtension(false);
        // the driver itself, not DriverManager: a plugin's class loader and a shaded jar need no service registration then
        Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, config.toProperties());
        try (Statement pragma = connection.createStatement()) {
            pragma.execute("PRAGMA trusted_schema = OFF");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static void check(Connection db, String sessionId, String field) throws SQLException {
        try (PreparedStatement session = db.prepareStatement("SELECT count(*) FROM session WHERE id = ?")) {
            session.setString(1, sessionId);
            try (ResultSet found = session.executeQuery()) {
                if (!found.next() || found.getInt(1) != 1) {
                    throw new SpecException(field, "OpenCode's database holds no session " + sessionId + ".",
                            "Continue a session the run's events named.");
                }
            }
        }
        try (PreparedStatement elsewhere = db.prepareStatement("SELECT count(*) FROM session WHERE directory IS NOT ?")) {
            elsewhere.setString(1, WORKSPACE);
            try (ResultSet found = elsewhere.executeQuery()) {
                if (found.next() && found.getInt(1) != 0) {
                    throw new SpecException(field, "OpenCode's database names a session working outside " + WORKSPACE + ", where its tools"
                            + " would run.", "Continue a session OpenCode left as it made it.");
                }
            }
        }
        for (String table : CREDENTIAL_TABLES) {
            if (exists(db, table) && rows(db, table) > 0) {
                throw new SpecException(field, "OpenCode's database holds an account or credential (" + table + "), which no session carries.",
                        "Sign OpenCode in through bound credentials, never into its database.");
            }
        }
    }

    private static boolean exists(Connection db, String table) throws SQLException {
        // a view of that name would serve rows as well as a table: either is looked into
        try (PreparedStatement query = db.prepareStatement("SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?")) {
            query.setString(1, table);
            try (ResultSet found = query.executeQuery()) {
                return found.next() && found.getInt(1) > 0;
            }
        }
    }

    private static long rows(Connection db, String table) throws SQLException {
        try (Statement query = db.createStatement(); ResultSet found = query.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
            return found.next() ? found.getLong(1) : 0;
        }
    }
}
