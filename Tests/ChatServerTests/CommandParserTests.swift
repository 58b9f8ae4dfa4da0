import ChatServer
import Testing

@Suite("CommandParser")
struct CommandParserTests {
    @Test(arguments: [
        // /who and the seeds' spellings
        ("/who", ChatCommand.who(nil)),
        ("who", .who(nil)),
        ("who online", .who(nil)),
        ("WHO", .who(nil)),
        ("Who Online", .who(nil)),
        ("  who  ", .who(nil)),
        ("/WHO", .who(nil)),
        ("/who everyone", .who("everyone")),
        ("/who #dev", .who("#dev")),
        ("/who a b", .usage("/who [ROOM]")),
        // /nick
        ("/nick bob", .nick("bob")),
        ("/nick   bob  ", .nick("bob")),
        ("/NICK bob", .nick("bob")),
        ("/nick 张三", .nick("张三")),
        ("rename|bob", .nick("bob")),
        ("RENAME|bob", .nick("bob")),
        ("rename| bob ", .nick("bob")),
        // /msg
        ("/msg bob hi there", .msg(to: "bob", text: "hi there")),
        ("/msg bob   spaced  out ", .msg(to: "bob", text: "spaced  out")),
        ("/msg bob", .usage("/msg NAME TEXT")),
        ("/msg", .usage("/msg NAME TEXT")),
        ("/msg bob    ", .usage("/msg NAME TEXT")),
        // /me
        ("/me waves", .me("waves")),
        ("/me   waves happily", .me("waves happily")),
        ("/me", .usage("/me TEXT")),
        // /quit and the seeds' spellings
        ("/quit", .quit(reason: nil)),
        ("/quit gone home", .quit(reason: "gone home")),
        ("/quit    ", .quit(reason: nil)),
        ("exit", .quit(reason: nil)),
        ("quit", .quit(reason: nil)),
        ("QUIT", .quit(reason: nil)),
        (" exit ", .quit(reason: nil)),
        // /help
        ("/help", .help),
        ("/help me please", .help),
        // escapes, unknown commands, plain text
        ("//not a command", .say("/not a command")),
        ("//", .say("/")),
        ("///", .say("//")),
        ("/frobnicate", .unknown("frobnicate")),
        ("/frobnicate now", .unknown("frobnicate")),
        ("/", .unknown("")),
        ("/ who", .unknown("")),
        ("hello", .say("hello")),
        ("  hello  ", .say("  hello  ")),
        ("who are you", .say("who are you")),
        ("quit it", .say("quit it")),
        ("whoever", .say("whoever")),
        ("exit now", .say("exit now")),
        ("a/who", .say("a/who")),
        ("你好 🙂", .say("你好 🙂")),
    ])
    func parse(line: String, expected: ChatCommand) {
        #expect(CommandParser.parse(line) == expected)
    }

    @Test(arguments: [
        ("/names", ChatCommand.who(nil)),
        ("/list", .rooms),
        ("/rooms", .rooms),
        ("/join dev", .join("dev")),
        ("/j #dev", .join("#dev")),
        ("/part", .part("")),
        ("/part #dev lunch", .part("#dev lunch")),
        ("/topic", .topic(nil)),
        ("/topic  ship it ", .topic("ship it")),
        ("/name bob", .nick("bob")),
        ("/rename bob", .nick("bob")),
        ("/query bob hi", .msg(to: "bob", text: "hi")),
        ("/tell bob hi", .msg(to: "bob", text: "hi")),
        ("/w bob hi", .msg(to: "bob", text: "hi")),
        ("/W bob hi", .msg(to: "bob", text: "hi")),
        ("/action waves", .me("waves")),
        ("/exit", .quit(reason: nil)),
        ("/bye", .quit(reason: nil)),
        ("/leave lunch", .part("lunch")),
        ("/?", .help),
        ("/commands", .help),
    ])
    func aliases(line: String, expected: ChatCommand) {
        #expect(CommandParser.parse(line) == expected)
    }

    @Test(arguments: [
        ("/nick", "/nick NAME"),
        ("/nick two words", "/nick NAME"),
        ("/name", "/nick NAME"),
        ("rename|", "rename|NAME"),
        ("rename|  ", "rename|NAME"),
        ("rename|two words", "rename|NAME"),
        ("/w bob", "/msg NAME TEXT"),
        ("/action", "/me TEXT"),
    ])
    func usage(line: String, usage: String) {
        #expect(CommandParser.parse(line) == .usage(usage))
    }

    @Test func everySpecIsFoundByNameAndAliasesIgnoringCase() throws {
        for spec in CommandSpec.all {
            #expect(CommandSpec.named(spec.name)?.name == spec.name)
            #expect(CommandSpec.named(spec.name.uppercased())?.name == spec.name)
            for alias in spec.aliases {
                #expect(CommandSpec.named(alias)?.name == spec.name)
            }
        }
        #expect(CommandSpec.named("frobnicate") == nil)
        #expect(CommandSpec.named("") == nil)
    }

    @Test func namesAndAliasesAreUnique() {
        let all = CommandSpec.all.flatMap { [$0.name] + $0.aliases }
        #expect(Set(all).count == all.count)
    }

    @Test func helpListsEveryCommand() {
        let help = CommandSpec.helpText
        #expect(help.hasPrefix("Commands:"))
        for spec in CommandSpec.all {
            #expect(help.contains(spec.usage))
            #expect(help.contains(spec.summary))
        }
        #expect(help.contains("//TEXT"))
        #expect(help.contains("rename|NAME"))
    }
}
