package kg.neo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.server.configuration.ServerSettings;

/**
 * A real Neo4j Community DBMS (the same kernel, Cypher, Bolt and HTTP servers as the packaged
 * server) with authentication enforced, for tests and development without Docker.
 *
 * <p>Usage: {@code java -cp ... kg.neo4j.DevServer <home-dir> <bolt host:port> <ready-file>
 * [<http host:port>]}, with the password in the {@code NEO4J_PASSWORD} environment variable (not
 * on the command line, so that it does not show in {@code ps}). With an HTTP address the DBMS
 * also serves what the server distribution serves there: the discovery document at {@code /},
 * the HTTP transaction and Query APIs under {@code /db/}, and Neo4j Browser at {@code /browser/}
 * when the {@code org.neo4j.client:neo4j-browser} jar is on the classpath.
 *
 * <p>The ready file is written only once the password is set, because Bolt and HTTP start
 * answering before that and a client would otherwise see a spurious authentication failure.
 * Its lines: the Bolt URI, the Neo4j version, the HTTP URI (empty without HTTP).
 */
public final class DevServer {

    private static final String USER = "neo4j";
    // Neo4j 5 refuses passwords shorter than this by default; fail early with a clear message.
    private static final int MIN_PASSWORD_LENGTH = 8;

    private DevServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: DevServer <home-dir> <bolt host:port> <ready-file> [<http host:port>]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        SocketAddress bolt = parseAddress(args[1]);
        Path readyFile = Path.of(args[2]).toAbsolutePath();
        SocketAddress http = args.length == 4 ? parseAddress(args[3]) : null;
        String password = System.getenv().getOrDefault("NEO4J_PASSWORD", "");
        if (password.length() < MIN_PASSWORD_LENGTH) {
            System.err.println("NEO4J_PASSWORD must have at least " + MIN_PASSWORD_LENGTH + " characters");
            System.exit(2);
        }
        Files.deleteIfExists(readyFile);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)
                // The embedded DBMS starts the server's web server (Jetty) only when this is on.
                .setConfig(HttpConnector.enabled, http != null)
                // Embedded mode defaults to no auth; the brief's server must enforce it.
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // Page cache from KG_NEO4J_PAGECACHE (neo4j.sh: default 512m), e.g. "1g".
                .setConfig(GraphDatabaseSettings.pagecache_memory,
                        ByteUnit.parse(System.getenv().getOrDefault("KG_NEO4J_PAGECACHE", "512m")));
        if (http != null) {
            // Advertised: the base of the URIs in the discovery document and transaction replies.
            builder.setConfig(HttpConnector.listen_address, http)
                    .setConfig(HttpConnector.advertised_address, http)
                    // Neo4j Browser would report usage data; a local dev server has no business
                    // doing so (and CI machines reach no network to send it to).
                    .setConfig(ServerSettings.allow_telemetry, false);
        }
        DatabaseManagementService dbms = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("kg-neo4j: shutting down");
            dbms.shutdown();
            stopped.countDown();
        }, "kg-neo4j-shutdown"));

        setPassword(dbms, password);
        String version = serverVersion(dbms);
        String httpUri = http != null ? "http://" + http : "";
        writeAtomically(readyFile, "bolt://" + bolt + "\n" + version + "\n" + httpUri + "\n");
        System.out.println("kg-neo4j: READY Neo4j " + version + " on bolt://" + bolt
                + (http != null ? " and " + httpUri : "") + " (home " + home + ")");
        stopped.await();
    }

    /** Sets the built-in user's password; a kept database may already have it. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            // Neo4j rejects re-setting the current password; anything else is a real failure.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static String serverVersion(DatabaseManagementService dbms) {
        return dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                "CALL dbms.components() YIELD versions RETURN versions[0] AS version",
                Map.of(),
                result -> String.valueOf(result.next().get("version")));
    }

    private static SocketAddress parseAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected host:port, got " + hostPort);
        }
        return new SocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    // A reader polling the file must never see it half written.
    private static void writeAtomically(Path target, String content) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
