// Generated automatically by nearley, version 2.20.1
// http://github.com/Hardmath123/nearley
// Bypasses TS6133. Allow declared but unused functions.
// @ts-ignore
function id(d: any[]): any { return d[0]; }
declare var ident: any;
declare var int: any;
declare var float: any;
declare var string: any;

import * as ast from "./ast.js";
import { TokenArrayLexer, type Token } from "./lexer.js";

// parse.ts feeds the parser the scanner's tokens through a TokenArrayLexer of
// its own; this one only tells nearleyc that `%name` symbols match by type.
const lexer = new TokenArrayLexer();

type D = any[];
const kw = (d: D) => d[0] as Token;
const items = <T>(list: (T | null)[]) => list.filter((x): x is T => x !== null);


function binary(d: D): ast.Binary {
  const op = d[1] as Token;
  return { kind: "Binary", op: op.value as ast.BinaryOp, left: d[0], right: d[2], opSpan: ast.tokenSpan(op), span: ast.spanFrom(d[0], d[2]) };
}

interface NearleyToken {
  value: any;
  [key: string]: any;
};

interface NearleyLexer {
  reset: (chunk: string, info: any) => void;
  next: () => NearleyToken | undefined;
  save: () => any;
  formatError: (token: never) => string;
  has: (tokenType: string) => boolean;
};

interface NearleyRule {
  name: string;
  symbols: NearleySymbol[];
  postprocess?: (d: any[], loc?: number, reject?: {}) => any;
};

type NearleySymbol = string | { literal: any } | { test: (token: any) => boolean };

interface Grammar {
  Lexer: NearleyLexer | undefined;
  ParserRules: NearleyRule[];
  ParserStart: string;
};

const grammar: Grammar = {
  Lexer: lexer,
  ParserRules: [
    {"name": "program$ebnf$1", "symbols": []},
    {"name": "program$ebnf$1", "symbols": ["program$ebnf$1", "topItem"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "program", "symbols": ["program$ebnf$1"], "postprocess": ([list]) => items(list)},
    {"name": "topItem", "symbols": ["domain"], "postprocess": id},
    {"name": "topItem", "symbols": ["enumDecl"], "postprocess": id},
    {"name": "topItem", "symbols": ["trailingMember"], "postprocess": id},
    {"name": "topItem", "symbols": [{"literal":";"}], "postprocess": () => null},
    {"name": "enumDecl", "symbols": [{"literal":"enum"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":"{"}, "enumMembers", {"literal":"}"}], "postprocess": (d: D): ast.EnumDecl => ({ kind: "Enum", name: ast.ident(d[1]), members: d[3], span: ast.spanFrom(kw(d), d[4]) })},
    {"name": "enumMembers", "symbols": [], "postprocess": () => []},
    {"name": "enumMembers", "symbols": ["enumItems"], "postprocess": id},
    {"name": "enumItems$ebnf$1$subexpression$1", "symbols": [{"literal":";"}]},
    {"name": "enumItems$ebnf$1$subexpression$1", "symbols": [{"literal":","}]},
    {"name": "enumItems$ebnf$1", "symbols": ["enumItems$ebnf$1$subexpression$1"], "postprocess": id},
    {"name": "enumItems$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "enumItems", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident), "enumItems$ebnf$1"], "postprocess": (d: D) => [ast.ident(d[0])]},
    {"name": "enumItems$ebnf$2$subexpression$1", "symbols": [{"literal":";"}]},
    {"name": "enumItems$ebnf$2$subexpression$1", "symbols": [{"literal":","}]},
    {"name": "enumItems$ebnf$2", "symbols": ["enumItems$ebnf$2$subexpression$1"], "postprocess": id},
    {"name": "enumItems$ebnf$2", "symbols": [], "postprocess": () => null},
    {"name": "enumItems", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident), "enumItems$ebnf$2", "enumItems"], "postprocess": (d: D) => [ast.ident(d[0]), ...d[2]]},
    {"name": "domain$ebnf$1", "symbols": []},
    {"name": "domain$ebnf$1", "symbols": ["domain$ebnf$1", "member"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "domain", "symbols": [{"literal":"domain"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":"{"}, "domain$ebnf$1", {"literal":"}"}], "postprocess": (d: D): ast.Domain => ({ kind: "Domain", name: ast.ident(d[1]), members: items(d[3]), span: ast.spanFrom(kw(d), d[4]) })},
    {"name": "member", "symbols": ["stateBlock"], "postprocess": id},
    {"name": "member", "symbols": ["trailingMember"], "postprocess": id},
    {"name": "member", "symbols": [{"literal":";"}], "postprocess": () => null},
    {"name": "trailingMember", "symbols": ["param"], "postprocess": id},
    {"name": "trailingMember", "symbols": ["letDecl"], "postprocess": id},
    {"name": "trailingMember", "symbols": ["effectDecl"], "postprocess": id},
    {"name": "trailingMember", "symbols": ["invariant"], "postprocess": id},
    {"name": "trailingMember", "symbols": ["goal"], "postprocess": id},
    {"name": "trailingMember", "symbols": ["transition"], "postprocess": id},
    {"name": "stateBlock$ebnf$1", "symbols": []},
    {"name": "stateBlock$ebnf$1", "symbols": ["stateBlock$ebnf$1", "fieldItem"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "stateBlock", "symbols": [{"literal":"state"}, {"literal":"{"}, "stateBlock$ebnf$1", {"literal":"}"}], "postprocess": (d: D): ast.StateBlock => ({ kind: "State", fields: items(d[2]), span: ast.spanFrom(kw(d), d[3]) })},
    {"name": "fieldItem", "symbols": ["field"], "postprocess": id},
    {"name": "fieldItem", "symbols": [{"literal":";"}], "postprocess": () => null},
    {"name": "field$ebnf$1", "symbols": [{"literal":"owned"}], "postprocess": id},
    {"name": "field$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "field$ebnf$2", "symbols": ["range"], "postprocess": id},
    {"name": "field$ebnf$2", "symbols": [], "postprocess": () => null},
    {"name": "field$ebnf$3", "symbols": ["initialiser"], "postprocess": id},
    {"name": "field$ebnf$3", "symbols": [], "postprocess": () => null},
    {"name": "field", "symbols": ["field$ebnf$1", (lexer.has("ident") ? {type: "ident"} : ident), {"literal":":"}, (lexer.has("ident") ? {type: "ident"} : ident), "field$ebnf$2", "field$ebnf$3"], "postprocess": (d: D): ast.Field => ({ kind: "Field", owned: d[0] ? ast.ident(d[0]) : null, name: ast.ident(d[1]), type: ast.ident(d[3]), range: d[4], init: d[5], span: ast.spanFrom(d[0] ?? d[1], d[5] ?? d[4] ?? d[3]) })},
    {"name": "range", "symbols": [{"literal":"in"}, "rangeBound", {"literal":".."}, "rangeBound"], "postprocess": (d: D): ast.Range => ({ min: d[1], max: d[3], span: ast.spanFrom(kw(d), d[3]) })},
    {"name": "rangeBound", "symbols": [(lexer.has("int") ? {type: "int"} : int)], "postprocess": ([t]) => ast.intLit(t)},
    {"name": "rangeBound", "symbols": [{"literal":"-"}, (lexer.has("int") ? {type: "int"} : int)], "postprocess": (d: D) => ast.negate(d[0], ast.intLit(d[1]))},
    {"name": "param$ebnf$1", "symbols": ["initialiser"], "postprocess": id},
    {"name": "param$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "param", "symbols": [{"literal":"param"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":":"}, (lexer.has("ident") ? {type: "ident"} : ident), "param$ebnf$1"], "postprocess": (d: D): ast.Param => ({ kind: "Param", name: ast.ident(d[1]), type: ast.ident(d[3]), init: d[4], span: ast.spanFrom(kw(d), d[4] ?? d[3]) })},
    {"name": "initialiser", "symbols": [{"literal":"="}, "literal"], "postprocess": (d: D) => d[1]},
    {"name": "literal", "symbols": [(lexer.has("int") ? {type: "int"} : int)], "postprocess": ([t]) => ast.intLit(t)},
    {"name": "literal", "symbols": [(lexer.has("float") ? {type: "float"} : float)], "postprocess": ([t]) => ast.floatLit(t)},
    {"name": "literal", "symbols": [{"literal":"-"}, (lexer.has("int") ? {type: "int"} : int)], "postprocess": (d: D) => ast.negate(d[0], ast.intLit(d[1]))},
    {"name": "literal", "symbols": [{"literal":"-"}, (lexer.has("float") ? {type: "float"} : float)], "postprocess": (d: D) => ast.negate(d[0], ast.floatLit(d[1]))},
    {"name": "literal", "symbols": ["bool"], "postprocess": id},
    {"name": "literal", "symbols": ["string"], "postprocess": id},
    {"name": "literal", "symbols": ["enumRef"], "postprocess": id},
    {"name": "letDecl", "symbols": [{"literal":"let"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":"="}, "expr"], "postprocess": (d: D): ast.Let => ({ kind: "Let", name: ast.ident(d[1]), value: d[3], span: ast.spanFrom(kw(d), d[3]) })},
    {"name": "effectDecl$ebnf$1", "symbols": ["outcomes"], "postprocess": id},
    {"name": "effectDecl$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "effectDecl", "symbols": [{"literal":"effect"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":"("}, "effectParams", {"literal":")"}, "effectDecl$ebnf$1"], "postprocess": (d: D): ast.EffectDecl => ({ kind: "Effect", name: ast.ident(d[1]), params: d[3], outcomes: d[5], span: ast.spanFrom(kw(d), d[5] ?? d[4]) })},
    {"name": "outcomes$ebnf$1", "symbols": []},
    {"name": "outcomes$ebnf$1", "symbols": ["outcomes$ebnf$1", "outcomeItem"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "outcomes", "symbols": [{"literal":"{"}, "outcomes$ebnf$1", {"literal":"}"}], "postprocess": (d: D): ast.Outcomes => ({ blocks: items(d[1]), span: ast.spanFrom(d[0], d[2]) })},
    {"name": "outcomeItem$subexpression$1", "symbols": [{"literal":"done"}]},
    {"name": "outcomeItem$subexpression$1", "symbols": [{"literal":"failed"}]},
    {"name": "outcomeItem", "symbols": ["outcomeItem$subexpression$1", "block"], "postprocess": (d: D): ast.OutcomeBlock => ({ kind: d[0][0].value, keyword: ast.ident(d[0][0]), step: d[1].stmts, span: ast.spanFrom(d[0][0], d[1]) })},
    {"name": "outcomeItem", "symbols": [{"literal":";"}], "postprocess": () => null},
    {"name": "effectParams", "symbols": [], "postprocess": () => []},
    {"name": "effectParams$ebnf$1", "symbols": []},
    {"name": "effectParams$ebnf$1$subexpression$1", "symbols": [{"literal":","}, "effectParam"]},
    {"name": "effectParams$ebnf$1", "symbols": ["effectParams$ebnf$1", "effectParams$ebnf$1$subexpression$1"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "effectParams", "symbols": ["effectParam", "effectParams$ebnf$1"], "postprocess": (d: D) => [d[0], ...d[1].map((x: D) => x[1])]},
    {"name": "effectParam", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident), {"literal":":"}, (lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": (d: D): ast.EffectParam => ({ name: ast.ident(d[0]), type: ast.ident(d[2]) })},
    {"name": "invariant", "symbols": [{"literal":"invariant"}, "expr"], "postprocess": (d: D): ast.Invariant => ({ kind: "Invariant", name: null, expr: d[1], span: ast.spanFrom(kw(d), d[1]) })},
    {"name": "invariant", "symbols": [{"literal":"invariant"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":":"}, "expr"], "postprocess": (d: D): ast.Invariant => ({ kind: "Invariant", name: ast.ident(d[1]), expr: d[3], span: ast.spanFrom(kw(d), d[3]) })},
    {"name": "goal", "symbols": [{"literal":"goal"}, "expr"], "postprocess": (d: D): ast.Goal => ({ kind: "Goal", name: null, expr: d[1], span: ast.spanFrom(kw(d), d[1]) })},
    {"name": "goal", "symbols": [{"literal":"goal"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":":"}, "expr"], "postprocess": (d: D): ast.Goal => ({ kind: "Goal", name: ast.ident(d[1]), expr: d[3], span: ast.spanFrom(kw(d), d[3]) })},
    {"name": "transition$ebnf$1", "symbols": ["guard"], "postprocess": id},
    {"name": "transition$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "transition", "symbols": [{"literal":"transition"}, (lexer.has("ident") ? {type: "ident"} : ident), "transition$ebnf$1", {"literal":"{"}, {"literal":"step"}, "block", {"literal":"}"}], "postprocess": (d: D): ast.Transition => ({ kind: "Transition", name: ast.ident(d[1]), guard: d[2], step: d[5].stmts, span: ast.spanFrom(kw(d), d[6]) })},
    {"name": "guard", "symbols": [{"literal":"when"}, "expr"], "postprocess": (d: D) => d[1]},
    {"name": "block$ebnf$1", "symbols": []},
    {"name": "block$ebnf$1", "symbols": ["block$ebnf$1", "stmtItem"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "block", "symbols": [{"literal":"{"}, "block$ebnf$1", {"literal":"}"}], "postprocess": (d: D) => ({ stmts: items(d[1]) as ast.Stmt[], span: ast.spanFrom(d[0], d[2]) })},
    {"name": "stmtItem", "symbols": ["statement"], "postprocess": id},
    {"name": "stmtItem", "symbols": [{"literal":";"}], "postprocess": () => null},
    {"name": "statement", "symbols": ["assign"], "postprocess": id},
    {"name": "statement", "symbols": ["ifStmt"], "postprocess": id},
    {"name": "statement", "symbols": ["letDecl"], "postprocess": id},
    {"name": "statement", "symbols": ["call"], "postprocess": (d: D): ast.CallStmt => ({ kind: "CallStmt", call: d[0], span: d[0].span })},
    {"name": "assign", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident), "assignOp", "expr"], "postprocess": (d: D): ast.Assign => ({ kind: "Assign", target: ast.ident(d[0]), op: d[1].value, value: d[2], span: ast.spanFrom(d[0], d[2]) })},
    {"name": "assignOp", "symbols": [{"literal":"="}], "postprocess": id},
    {"name": "assignOp", "symbols": [{"literal":"+="}], "postprocess": id},
    {"name": "assignOp", "symbols": [{"literal":"-="}], "postprocess": id},
    {"name": "assignOp", "symbols": [{"literal":"*="}], "postprocess": id},
    {"name": "ifStmt", "symbols": [{"literal":"if"}, "expr", "block"], "postprocess": (d: D): ast.If => ({ kind: "If", cond: d[1], then: d[2].stmts, else: null, span: ast.spanFrom(kw(d), d[2]) })},
    {"name": "ifStmt", "symbols": [{"literal":"if"}, "expr", "block", {"literal":"else"}, "block"], "postprocess": (d: D): ast.If => ({ kind: "If", cond: d[1], then: d[2].stmts, else: d[4].stmts, span: ast.spanFrom(kw(d), d[4]) })},
    {"name": "ifStmt", "symbols": [{"literal":"if"}, "expr", "block", {"literal":"else"}, "ifStmt"], "postprocess": (d: D): ast.If => ({ kind: "If", cond: d[1], then: d[2].stmts, else: d[4], span: ast.spanFrom(kw(d), d[4]) })},
    {"name": "expr", "symbols": ["or"], "postprocess": id},
    {"name": "or", "symbols": ["or", {"literal":"||"}, "and"], "postprocess": binary},
    {"name": "or", "symbols": ["and"], "postprocess": id},
    {"name": "and", "symbols": ["and", {"literal":"&&"}, "eq"], "postprocess": binary},
    {"name": "and", "symbols": ["eq"], "postprocess": id},
    {"name": "eq", "symbols": ["eq", "eqOp", "cmp"], "postprocess": binary},
    {"name": "eq", "symbols": ["cmp"], "postprocess": id},
    {"name": "cmp", "symbols": ["cmp", "cmpOp", "add"], "postprocess": binary},
    {"name": "cmp", "symbols": ["add"], "postprocess": id},
    {"name": "add", "symbols": ["add", "addOp", "mul"], "postprocess": binary},
    {"name": "add", "symbols": ["mul"], "postprocess": id},
    {"name": "mul", "symbols": ["mul", "mulOp", "unary"], "postprocess": binary},
    {"name": "mul", "symbols": ["unary"], "postprocess": id},
    {"name": "eqOp", "symbols": [{"literal":"=="}], "postprocess": id},
    {"name": "eqOp", "symbols": [{"literal":"!="}], "postprocess": id},
    {"name": "cmpOp", "symbols": [{"literal":"<"}], "postprocess": id},
    {"name": "cmpOp", "symbols": [{"literal":"<="}], "postprocess": id},
    {"name": "cmpOp", "symbols": [{"literal":">"}], "postprocess": id},
    {"name": "cmpOp", "symbols": [{"literal":">="}], "postprocess": id},
    {"name": "addOp", "symbols": [{"literal":"+"}], "postprocess": id},
    {"name": "addOp", "symbols": [{"literal":"-"}], "postprocess": id},
    {"name": "mulOp", "symbols": [{"literal":"*"}], "postprocess": id},
    {"name": "mulOp", "symbols": [{"literal":"/"}], "postprocess": id},
    {"name": "mulOp", "symbols": [{"literal":"%"}], "postprocess": id},
    {"name": "unary", "symbols": [{"literal":"!"}, "unary"], "postprocess": (d: D): ast.Unary => ({ kind: "Unary", op: "!", operand: d[1], span: ast.spanFrom(d[0], d[1]) })},
    {"name": "unary", "symbols": [{"literal":"-"}, "unary"], "postprocess": (d: D): ast.Unary => ({ kind: "Unary", op: "-", operand: d[1], span: ast.spanFrom(d[0], d[1]) })},
    {"name": "unary", "symbols": ["primary"], "postprocess": id},
    {"name": "primary", "symbols": [(lexer.has("int") ? {type: "int"} : int)], "postprocess": ([t]) => ast.intLit(t)},
    {"name": "primary", "symbols": [(lexer.has("float") ? {type: "float"} : float)], "postprocess": ([t]) => ast.floatLit(t)},
    {"name": "primary", "symbols": ["bool"], "postprocess": id},
    {"name": "primary", "symbols": ["string"], "postprocess": id},
    {"name": "primary", "symbols": ["enumRef"], "postprocess": id},
    {"name": "primary", "symbols": ["call"], "postprocess": id},
    {"name": "primary", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": ([t]): ast.Name => ({ kind: "Name", name: t.value, span: ast.tokenSpan(t) })},
    {"name": "primary", "symbols": [{"literal":"("}, "expr", {"literal":")"}], "postprocess": (d: D): ast.Expr => ({ ...d[1], span: ast.spanFrom(d[0], d[2]) })},
    {"name": "call", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident), {"literal":"("}, "args", {"literal":")"}], "postprocess": (d: D): ast.Call => ({ kind: "Call", callee: ast.ident(d[0]), args: d[2], span: ast.spanFrom(d[0], d[3]) })},
    {"name": "args", "symbols": [], "postprocess": () => []},
    {"name": "args$ebnf$1", "symbols": []},
    {"name": "args$ebnf$1$subexpression$1", "symbols": [{"literal":","}, "expr"]},
    {"name": "args$ebnf$1", "symbols": ["args$ebnf$1", "args$ebnf$1$subexpression$1"], "postprocess": (d) => d[0].concat([d[1]])},
    {"name": "args", "symbols": ["expr", "args$ebnf$1"], "postprocess": (d: D) => [d[0], ...d[1].map((x: D) => x[1])]},
    {"name": "enumRef", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident), {"literal":"."}, (lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": (d: D): ast.EnumRef => ({ kind: "EnumRef", enum: ast.ident(d[0]), member: ast.ident(d[2]), span: ast.spanFrom(d[0], d[2]) })},
    {"name": "bool", "symbols": [{"literal":"true"}], "postprocess": ([t]): ast.BoolLit => ({ kind: "Bool", value: true, span: ast.tokenSpan(t) })},
    {"name": "bool", "symbols": [{"literal":"false"}], "postprocess": ([t]): ast.BoolLit => ({ kind: "Bool", value: false, span: ast.tokenSpan(t) })},
    {"name": "string", "symbols": [(lexer.has("string") ? {type: "string"} : string)], "postprocess": ([t]): ast.StringLit => ({ kind: "String", raw: t.value, value: "", span: ast.tokenSpan(t) })}
  ],
  ParserStart: "program",
};

export default grammar;
