// The Java oracle of the pattern tests: reads cases from standard input and answers, for each,
// whether `java.util.regex` finds the pattern in each string (`Matcher.find()`), as AWS
// services check `@pattern`.
//
// Input, one item a line, each text hex-encoded UTF-8: `P<hex>` starts a case (a pattern),
// `S<hex>` adds a string to it. Output, one line a case: `E <message>` when the pattern does
// not compile, else one `1` or `0` a string.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

public class PatternOracle {
    static String unhex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    static void answer(StringBuilder out, String pattern, List<String> strings) {
        Pattern p;
        try {
            p = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            out.append("E ").append(e.getDescription()).append('\n');
            return;
        }
        for (String s : strings) {
            out.append(p.matcher(s).find() ? '1' : '0');
        }
        out.append('\n');
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        String pattern = null;
        List<String> strings = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("P")) {
                if (pattern != null) {
                    answer(out, pattern, strings);
                }
                pattern = unhex(line.substring(1));
                strings = new ArrayList<>();
            } else if (line.startsWith("S")) {
                strings.add(unhex(line.substring(1)));
            }
        }
        if (pattern != null) {
            answer(out, pattern, strings);
        }
        System.out.print(out);
    }
}
