import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * A local Neo4j Community server for development and tests: the embedded database with
 * only its Bolt connector open, on 127.0.0.1, without authentication unless asked for.
 *
 * Usage: java -cp 'classes:lib/*' LocalNeo4j HOME PORT [PAGE_CACHE]
 * Data and Neo4j's own logs go under HOME (HOME/data, HOME/logs). PAGE_CACHE is the page
 * cache size ("64m", "1g"; default 64m): a large graph answers queries from memory only
 * when its store files fit in it. Prints one line
 * "READY bolt://127.0.0.1:PORT" once a query has run; SIGTERM shuts it down cleanly.
 *
 * With the environment variable NEO4J_LOCAL_PASSWORD set (and not empty), authentication
 * is on and the user "neo4j" has that password, with no change required at first login.
 * It is read from the environment rather than the command line so that `ps` never shows it,
 * and it travels to Neo4j as a query parameter, never inside the query text.
 */
public final class LocalNeo4j {
    private static final String DEFAULT_PAGE_CACHE = "64m";
    private static final String PASSWORD_VARIABLE = "NEO4J_LOCAL_PASSWORD";
    private static final String ADMIN_USER = "neo4j";

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: LocalNeo4j HOME PORT [PAGE_CACHE]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCache = ByteUnit.parse(args.length == 3 && !args[2].isEmpty() ? args[2] : DEFAULT_PAGE_CACHE);
        String password = System.getenv(PASSWORD_VARIABLE);
        boolean authenticate = password != null && !password.isEmpty();

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(BoltConnector.server_bolt_telemetry_enabled, false)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, authenticate)
                // a development server: the password is whatever its owner chose
                .setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                // LOAD CSV reads file:/// URLs under HOME/import only, as a packaged server does;
                // otherwise any read-only query could read any file the server may read.
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, home.resolve("import"))
                // No calls home: this server must work without any network.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                // Bolt otherwise lingers about 10 s on shutdown waiting for idle connections.
                .setConfig(BoltConnectorInternalSettings.enable_local_connector, false)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            service.shutdown();
            System.out.println("STOPPED");
            stopped.countDown();
        }, "local-neo4j-shutdown"));

        try {
            if (authenticate) {
                setPassword(service, password);
            }
            service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME)
                    .executeTransactionally("RETURN 1");
        } catch (RuntimeException error) {
            // without this the Bolt threads keep the JVM up and the start script waits in vain
            error.printStackTrace();
            System.exit(1);
        }
        System.out.println("READY bolt://127.0.0.1:" + port + (authenticate ? " auth" : ""));
        stopped.await();
    }

    /**
     * Sets the admin user's password on every start, so it is always the one given now,
     * whatever an earlier start of this HOME used. Neo4j refuses to set the password a user
     * already has, so a throw-away one goes first. Embedded calls bypass authentication.
     */
    private static void setPassword(DatabaseManagementService service, String password) {
        String alter = "ALTER USER " + ADMIN_USER + " SET PASSWORD $password CHANGE NOT REQUIRED";
        var system = service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        system.executeTransactionally(alter, Map.of("password", UUID.randomUUID().toString()));
        system.executeTransactionally(alter, Map.of("password", password));
    }
}
