// The reference side of the IDL round-trip test (ivs-codegen/tests/idl.rs,
// `aws_dev_models_written_as_idl_read_to_the_reference_model`), for many models in one JVM:
//
//     IdlRoundTrip OUT_DIR MODEL.json...
//
// For each MODEL.json (named NAME.json) it loads the JSON AST with the reference loader (unknown
// traits allowed, no validation, no trait definitions beside it: as ../shared/smithy/oracle/
// ToAst.java and ToIdl.java load it), then writes
//   OUT_DIR/NAME/idl/...      the model as IDL, by SmithyIdlModelSerializer (as ToIdl.java);
//   OUT_DIR/NAME/ast.json     the reference's reading of the JSON, by ModelSerializer (as ToAst.java);
// and loads the IDL it wrote back with the reference loader: one line `NAME same` when that
// gives the same model as the JSON (Model.equals), `NAME differs` when the reference's own
// round trip loses something. Compiled against the reference loader's classes
// (/tmp/smithy-oracle/classes, built by ../shared/smithy/oracle/smithy-to-ast.sh).
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import software.amazon.smithy.model.Model;
import software.amazon.smithy.model.loader.ModelAssembler;
import software.amazon.smithy.model.node.Node;
import software.amazon.smithy.model.shapes.ModelSerializer;
import software.amazon.smithy.model.shapes.SmithyIdlModelSerializer;

public class IdlRoundTrip {
    static Model load(Path path) {
        return Model.assembler()
                .putProperty(ModelAssembler.ALLOW_UNKNOWN_TRAITS, true)
                .disableValidation()
                .addImport(path)
                .assemble()
                .unwrap();
    }

    public static void main(String[] args) throws Exception {
        Path outRoot = Paths.get(args[0]);
        StringBuilder report = new StringBuilder();
        for (int i = 1; i < args.length; i++) {
            Path json = Paths.get(args[i]);
            String name = json.getFileName().toString().replaceFirst("\\.json$", "");
            Path out = outRoot.resolve(name);
            Path idl = out.resolve("idl");
            Files.createDirectories(idl);
            Model model = load(json);
            Map<Path, String> files = SmithyIdlModelSerializer.builder().basePath(idl).build().serialize(model);
            for (Map.Entry<Path, String> e : files.entrySet()) {
                Files.writeString(e.getKey(), e.getValue());
            }
            Node ast = ModelSerializer.builder().build().serialize(model);
            Files.writeString(out.resolve("ast.json"), Node.prettyPrintJson(ast) + "\n");
            report.append(name).append(load(idl).equals(model) ? " same" : " differs").append('\n');
        }
        System.out.print(report);
    }
}
