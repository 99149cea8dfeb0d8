import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trino.Session;
import io.trino.plugin.memory.MemoryPlugin;
import io.trino.spi.type.SqlTimestamp;
import io.trino.spi.type.SqlTimestampWithTimeZone;
import io.trino.spi.type.Type;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.StandaloneQueryRunner;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.testing.TestingSession.testSessionBuilder;

/**
 * An in-process Trino (the engine Athena v3 is built on) with the memory connector, for the tests.
 * One JSON request per line on stdin, one JSON answer per line on stdout:
 *   request: {"statements": ["SQL", ...], "schema": "default", "prepared": {"q": "SQL"}}
 *            each statement runs in turn in a UTC session of catalog memory (prepared statements
 *            added to the session, so a statement may be EXECUTE q USING ...);
 *   answer:  {"columns": [...], "types": [...], "rows": [[...], ...]} of the last statement, or
 *            {"error": "...", "statement": index}.
 * Values are printed as Trino returns them: a timestamp with time zone as its instant (ISO-8601, Z),
 * a timestamp as ISO local date-time, arrays and rows as JSON arrays. Types are Trino's names, so
 * the caller can normalise (packages/testing/src/trino.ts). Prints {"ready": true} once started.
 */
public final class TrinoHarness {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        // Only the answers go to stdout: anything else the engine prints goes to stderr.
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);

        Session session = testSessionBuilder()
                .setCatalog("memory")
                .setSchema("default")
                .setTimeZoneKey(UTC_KEY)
                .build();
        try (StandaloneQueryRunner runner = new StandaloneQueryRunner(session)) {
            runner.installPlugin(new MemoryPlugin());
            runner.createCatalog("memory", "memory", Map.of());
            ObjectNode ready = JSON.createObjectNode();
            ready.put("ready", true);
            out.println(JSON.writeValueAsString(ready));

            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) continue;
                ObjectNode answer;
                try {
                    answer = answer(runner, session, JSON.readTree(line));
                } catch (RuntimeException | java.io.IOException error) {
                    answer = JSON.createObjectNode();
                    answer.put("error", error.toString());
                }
                out.println(JSON.writeValueAsString(answer));
            }
        }
    }

    private static ObjectNode answer(StandaloneQueryRunner runner, Session base, JsonNode request) {
        Session.SessionBuilder builder = Session.builder(base);
        if (request.hasNonNull("schema")) builder.setSchema(request.get("schema").asText());
        JsonNode prepared = request.path("prepared");
        prepared.fieldNames().forEachRemaining(name -> builder.addPreparedStatement(name, prepared.get(name).asText()));
        Session session = builder.build();

        ObjectNode answer = JSON.createObjectNode();
        JsonNode statements = request.path("statements");
        MaterializedResult result = null;
        for (int index = 0; index < statements.size(); index++) {
            try {
                result = runner.execute(session, statements.get(index).asText());
            } catch (RuntimeException error) {
                answer.put("error", String.valueOf(error.getMessage()));
                answer.put("statement", index);
                return answer;
            }
        }
        ArrayNode columns = answer.putArray("columns");
        ArrayNode types = answer.putArray("types");
        ArrayNode rows = answer.putArray("rows");
        // DDL and INSERT give no columns (an update count only).
        if (result == null || result.getUpdateType().isPresent()) return answer;
        result.getColumnNames().forEach(columns::add);
        List<Type> columnTypes = result.getTypes();
        columnTypes.forEach(type -> types.add(type.getDisplayName()));
        for (MaterializedRow row : result.getMaterializedRows()) {
            ArrayNode values = rows.addArray();
            for (Object field : row.getFields()) values.add(json(field));
        }
        return answer;
    }

    private static JsonNode json(Object value) {
        if (value == null) return JSON.nullNode();
        if (value instanceof SqlTimestampWithTimeZone zoned) {
            Instant instant = Instant.ofEpochMilli(zoned.getEpochMillis()).plusNanos(zoned.getPicosOfMilli() / 1000);
            return JSON.getNodeFactory().textNode(instant.toString());
        }
        if (value instanceof SqlTimestamp timestamp)
            return JSON.getNodeFactory().textNode(timestamp.toLocalDateTime().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        if (value instanceof ZonedDateTime zoned) return JSON.getNodeFactory().textNode(zoned.toInstant().toString());
        if (value instanceof LocalDateTime local)
            return JSON.getNodeFactory().textNode(local.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        if (value instanceof LocalDate || value instanceof LocalTime)
            return JSON.getNodeFactory().textNode(value.toString());
        if (value instanceof List<?> list) {
            ArrayNode array = JSON.createArrayNode();
            list.forEach(item -> array.add(json(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = JSON.createObjectNode();
            map.forEach((key, item) -> object.set(String.valueOf(key), json(item)));
            return object;
        }
        return JSON.valueToTree(value);
    }
}
