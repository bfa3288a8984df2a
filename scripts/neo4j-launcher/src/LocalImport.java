import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * A first import into the (stopped, empty) database of a local server, and its schema,
 * in one short-lived JVM: `neo4j-admin database import full` run in-process, then the
 * database opened embedded (no connector) to create the constraints and indexes, wait
 * until they are online, and close.
 *
 * Usage: java -cp 'classes:lib/*' LocalImport HOME SCHEMA_FILE IMPORT_ARGUMENTS...
 * SCHEMA_FILE holds one Cypher schema statement a line ("-" for none). Prints
 * "IMPORTED SECONDS" after the import and "SCHEMA SECONDS" once the indexes are online;
 * exits with the importer's status when it fails, 1 when the schema cannot be made.
 *
 * The community importer cannot create a schema itself (its --schema needs the block
 * format), and a separate server start for it costs a second JVM, class loading and a
 * Bolt connector that nothing uses.
 */
public final class LocalImport {
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: LocalImport HOME SCHEMA_FILE IMPORT_ARGUMENTS...");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        List<String> schema = args[1].equals("-") ? List.of() : statements(Path.of(args[1]));

        long began = System.nanoTime();
        List<String> command = new ArrayList<>(List.of("database", "import", "full"));
        command.addAll(Arrays.asList(args).subList(2, args.length));
        int status = AdminTool.execute(new ExecutionContext(home, home.resolve("conf")),
                command.toArray(String[]::new));
        if (status != 0) {
            System.exit(status);
        }
        System.out.printf("IMPORTED %.3f%n", (System.nanoTime() - began) / 1e9);

        began = System.nanoTime();
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, false)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .build();
        try {
            GraphDatabaseService database = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            // schema changes cannot share a transaction, so each statement runs on its own
            for (String statement : schema) {
                database.executeTransactionally(statement);
            }
            // online before the first start: the user's first queries find them ready
            database.executeTransactionally("CALL db.awaitIndexes(86400)");
        } catch (RuntimeException error) {
            error.printStackTrace();
            service.shutdown();
            System.exit(1);
        }
        service.shutdown();
        System.out.printf("SCHEMA %.3f%n", (System.nanoTime() - began) / 1e9);
        // the importer leaves non-daemon threads behind: end the JVM instead of waiting for them
        System.exit(0);
    }

    private static List<String> statements(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
