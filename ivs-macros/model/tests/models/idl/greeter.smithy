$version: "2"

namespace example.greeter

/// Says hello.
service Greeter {
    version: "2026-01-01"
    operations: [Greet]
}

@http(method: "POST", uri: "/greet")
operation Greet {
    input := {
        /// Who to greet.
        @required
        @length(min: 1, max: 10)
        name: String

        times: Integer = 1
    }
    output := {
        greeting: String
    }
}
