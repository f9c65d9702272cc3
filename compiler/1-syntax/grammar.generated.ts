// Generated automatically by nearley, version 2.20.1
// http://github.com/Hardmath123/nearley
// Bypasses TS6133. Allow declared but unused functions.
// @ts-ignore
function id(d: any[]): any { return d[0]; }
declare var ident: any;
declare var int: any;
declare var float: any;
declare var duration: any;
declare var string: any;
declare var stringHead: any;
declare var stringTail: any;
declare var stringMiddle: any;

import * as ast from "./ast.js";
import { TokenArrayLexer, type Token } from "./lexer.js";
import { cell, items } from "./list.js";

// parse.ts feeds the parser the scanner's tokens through a TokenArrayLexer of
// its own; this one only tells nearleyc that `%name` symbols match by type.
const lexer = new TokenArrayLexer();

type D = any[];
const kw = (d: D) => d[0] as Token;



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
    {"name": "program", "symbols": ["topItems"], "postprocess": id},
    {"name": "topItems", "symbols": [], "postprocess": () => null},
    {"name": "topItems", "symbols": ["topItems", "topItem"], "postprocess": ([rest, item]) => cell(rest, item)},
    {"name": "topItem", "symbols": ["domain"], "postprocess": id},
    {"name": "topItem", "symbols": ["importDecl"], "postprocess": id},
    {"name": "topItem", "symbols": ["enumDecl"], "postprocess": id},
    {"name": "topItem", "symbols": ["trailingMember"], "postprocess": id},
    {"name": "topItem", "symbols": [{"literal":";"}], "postprocess": () => null},
    {"name": "enumDecl", "symbols": [{"literal":"enum"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":"{"}, "enumMembers", {"literal":"}"}], "postprocess": (d: D): ast.EnumDecl => ({ kind: "Enum", name: ast.ident(d[1]), members: items(d[3]), span: ast.spanFrom(kw(d), d[4]) })},
    {"name": "importDecl", "symbols": [{"literal":"import"}, {"literal":"{"}, "importNames", {"literal":"}"}, {"literal":"from"}, "string"], "postprocess": (d: D): ast.ImportDecl => ({ kind: "Import", names: items(d[2]), from: d[5], span: ast.spanFrom(kw(d), d[5]) })},
    {"name": "importNames", "symbols": [], "postprocess": () => null},
    {"name": "importNames$ebnf$1", "symbols": [{"literal":","}], "postprocess": id},
    {"name": "importNames$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "importNames", "symbols": ["importList", "importNames$ebnf$1"], "postprocess": id},
    {"name": "importList", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": ([t]) => cell(null, ast.ident(t))},
    {"name": "importList", "symbols": ["importList", {"literal":","}, (lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": (d: D) => cell(d[0], ast.ident(d[2]))},
    {"name": "enumMembers", "symbols": [], "postprocess": () => null},
    {"name": "enumMembers$ebnf$1$subexpression$1", "symbols": [{"literal":";"}]},
    {"name": "enumMembers$ebnf$1$subexpression$1", "symbols": [{"literal":","}]},
    {"name": "enumMembers$ebnf$1", "symbols": ["enumMembers$ebnf$1$subexpression$1"], "postprocess": id},
    {"name": "enumMembers$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "enumMembers", "symbols": ["enumItems", "enumMembers$ebnf$1"], "postprocess": id},
    {"name": "enumItems", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": ([t]) => cell(null, ast.ident(t))},
    {"name": "enumItems$ebnf$1$subexpression$1", "symbols": [{"literal":";"}]},
    {"name": "enumItems$ebnf$1$subexpression$1", "symbols": [{"literal":","}]},
    {"name": "enumItems$ebnf$1", "symbols": ["enumItems$ebnf$1$subexpression$1"], "postprocess": id},
    {"name": "enumItems$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "enumItems", "symbols": ["enumItems", "enumItems$ebnf$1", (lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": (d: D) => cell(d[0], ast.ident(d[2]))},
    {"name": "domain", "symbols": [{"literal":"domain"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":"{"}, "members", {"literal":"}"}], "postprocess": (d: D): ast.Domain => ({ kind: "Domain", name: ast.ident(d[1]), members: items(d[3]), span: ast.spanFrom(kw(d), d[4]) })},
    {"name": "members", "symbols": [], "postprocess": () => null},
    {"name": "members", "symbols": ["members", "member"], "postprocess": ([rest, item]) => cell(rest, item)},
    {"name": "member", "symbols": ["stateBlock"], "postprocess": id},
    {"name": "member", "symbols": ["trailingMember"], "postprocess": id},
    {"name": "member", "symbols": [{"literal":";"}], "postprocess": () => null},
    {"name": "trailingMember", "symbols": ["param"], "postprocess": id},
    {"name": "trailingMember", "symbols": ["letDecl"], "postprocess": id},
    {"name": "trailingMember", "symbols": ["effectDecl"], "postprocess": id},
    {"name": "trailingMember", "symbols": ["invariant"], "postprocess": id},
    {"name": "trailingMember", "symbols": ["goal"], "postprocess": id},
    {"name": "trailingMember", "symbols": ["transition"], "postprocess": id},
    {"name": "stateBlock", "symbols": [{"literal":"state"}, {"literal":"{"}, "fieldItems", {"literal":"}"}], "postprocess": (d: D): ast.StateBlock => ({ kind: "State", fields: items(d[2]), span: ast.spanFrom(kw(d), d[3]) })},
    {"name": "fieldItems", "symbols": [], "postprocess": () => null},
    {"name": "fieldItems", "symbols": ["fieldItems", "fieldItem"], "postprocess": ([rest, item]) => cell(rest, item)},
    {"name": "fieldItem", "symbols": ["field"], "postprocess": id},
    {"name": "fieldItem", "symbols": [{"literal":";"}], "postprocess": () => null},
    {"name": "field$ebnf$1", "symbols": [{"literal":"owned"}], "postprocess": id},
    {"name": "field$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "field$ebnf$2", "symbols": ["region"], "postprocess": id},
    {"name": "field$ebnf$2", "symbols": [], "postprocess": () => null},
    {"name": "field$ebnf$3", "symbols": ["initialiser"], "postprocess": id},
    {"name": "field$ebnf$3", "symbols": [], "postprocess": () => null},
    {"name": "field", "symbols": ["field$ebnf$1", (lexer.has("ident") ? {type: "ident"} : ident), {"literal":":"}, (lexer.has("ident") ? {type: "ident"} : ident), "field$ebnf$2", "field$ebnf$3"], "postprocess": (d: D): ast.Field => ({ kind: "Field", owned: d[0] ? ast.ident(d[0]) : null, name: ast.ident(d[1]), type: ast.ident(d[3]), key: null, range: d[4]?.kind === "Range" ? d[4] : null, values: d[4]?.kind === "ValueSet" ? d[4] : null, init: d[5], span: ast.spanFrom(d[0] ?? d[1], d[5] ?? d[4] ?? d[3]) })},
    {"name": "field$ebnf$4", "symbols": [{"literal":"owned"}], "postprocess": id},
    {"name": "field$ebnf$4", "symbols": [], "postprocess": () => null},
    {"name": "field$ebnf$5", "symbols": ["region"], "postprocess": id},
    {"name": "field$ebnf$5", "symbols": [], "postprocess": () => null},
    {"name": "field$ebnf$6", "symbols": ["initialiser"], "postprocess": id},
    {"name": "field$ebnf$6", "symbols": [], "postprocess": () => null},
    {"name": "field", "symbols": ["field$ebnf$4", (lexer.has("ident") ? {type: "ident"} : ident), {"literal":":"}, {"literal":"map"}, {"literal":"<"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":","}, (lexer.has("ident") ? {type: "ident"} : ident), "field$ebnf$5", {"literal":">"}, "field$ebnf$6"], "postprocess": (d: D): ast.Field => ({ kind: "Field", owned: d[0] ? ast.ident(d[0]) : null, name: ast.ident(d[1]), type: ast.ident(d[7]), key: ast.ident(d[5]), range: d[8]?.kind === "Range" ? d[8] : null, values: d[8]?.kind === "ValueSet" ? d[8] : null, init: d[10], span: ast.spanFrom(d[0] ?? d[1], d[10] ?? d[9]) })},
    {"name": "field$ebnf$7", "symbols": [{"literal":"owned"}], "postprocess": id},
    {"name": "field$ebnf$7", "symbols": [], "postprocess": () => null},
    {"name": "field$ebnf$8", "symbols": ["region"], "postprocess": id},
    {"name": "field$ebnf$8", "symbols": [], "postprocess": () => null},
    {"name": "field", "symbols": ["field$ebnf$7", (lexer.has("ident") ? {type: "ident"} : ident), {"literal":":"}, {"literal":"map"}, {"literal":"<"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":","}, (lexer.has("ident") ? {type: "ident"} : ident), "field$ebnf$8", {"literal":">="}, "literal"], "postprocess": (d: D): ast.Field => ({ kind: "Field", owned: d[0] ? ast.ident(d[0]) : null, name: ast.ident(d[1]), type: ast.ident(d[7]), key: ast.ident(d[5]), range: d[8]?.kind === "Range" ? d[8] : null, values: d[8]?.kind === "ValueSet" ? d[8] : null, init: d[10], span: ast.spanFrom(d[0] ?? d[1], d[10]) })},
    {"name": "region", "symbols": ["range"], "postprocess": id},
    {"name": "region", "symbols": [{"literal":"in"}, {"literal":"{"}, "setItems", {"literal":"}"}], "postprocess": (d: D): ast.ValueSet => ({ kind: "ValueSet", values: items(d[2]), span: ast.spanFrom(kw(d), d[3]) })},
    {"name": "range$ebnf$1$subexpression$1", "symbols": [{"literal":"by"}, "stepSize"]},
    {"name": "range$ebnf$1", "symbols": ["range$ebnf$1$subexpression$1"], "postprocess": id},
    {"name": "range$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "range", "symbols": [{"literal":"in"}, "rangeBound", {"literal":".."}, "rangeBound", "range$ebnf$1"], "postprocess": (d: D): ast.Range => ({ kind: "Range", min: d[1], max: d[3], step: d[4] ? d[4][1] : null, span: ast.spanFrom(kw(d), d[4] ? d[4][1] : d[3]) })},
    {"name": "rangeBound", "symbols": [(lexer.has("int") ? {type: "int"} : int)], "postprocess": ([t]) => ast.intLit(t)},
    {"name": "rangeBound", "symbols": [{"literal":"-"}, (lexer.has("int") ? {type: "int"} : int)], "postprocess": (d: D) => ast.negate(d[0], ast.intLit(d[1]))},
    {"name": "rangeBound", "symbols": [(lexer.has("float") ? {type: "float"} : float)], "postprocess": ([t]) => ast.floatLit(t)},
    {"name": "rangeBound", "symbols": [{"literal":"-"}, (lexer.has("float") ? {type: "float"} : float)], "postprocess": (d: D) => ast.negate(d[0], ast.floatLit(d[1]))},
    {"name": "stepSize", "symbols": ["rangeBound"], "postprocess": id},
    {"name": "setItems", "symbols": [], "postprocess": () => null},
    {"name": "setItems$ebnf$1", "symbols": [{"literal":","}], "postprocess": id},
    {"name": "setItems$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "setItems", "symbols": ["setList", "setItems$ebnf$1"], "postprocess": id},
    {"name": "setList", "symbols": ["literal"], "postprocess": ([l]) => cell(null, l)},
    {"name": "setList", "symbols": ["setList", {"literal":","}, "literal"], "postprocess": (d: D) => cell(d[0], d[2])},
    {"name": "param$ebnf$1", "symbols": ["initialiser"], "postprocess": id},
    {"name": "param$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "param", "symbols": [{"literal":"param"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":":"}, (lexer.has("ident") ? {type: "ident"} : ident), "param$ebnf$1"], "postprocess": (d: D): ast.Param => ({ kind: "Param", name: ast.ident(d[1]), type: ast.ident(d[3]), init: d[4], span: ast.spanFrom(kw(d), d[4] ?? d[3]) })},
    {"name": "initialiser", "symbols": [{"literal":"="}, "literal"], "postprocess": (d: D) => d[1]},
    {"name": "literal", "symbols": [(lexer.has("int") ? {type: "int"} : int)], "postprocess": ([t]) => ast.intLit(t)},
    {"name": "literal", "symbols": [(lexer.has("float") ? {type: "float"} : float)], "postprocess": ([t]) => ast.floatLit(t)},
    {"name": "literal", "symbols": [{"literal":"-"}, (lexer.has("int") ? {type: "int"} : int)], "postprocess": (d: D) => ast.negate(d[0], ast.intLit(d[1]))},
    {"name": "literal", "symbols": [{"literal":"-"}, (lexer.has("float") ? {type: "float"} : float)], "postprocess": (d: D) => ast.negate(d[0], ast.floatLit(d[1]))},
    {"name": "literal", "symbols": [(lexer.has("duration") ? {type: "duration"} : duration)], "postprocess": ([t]) => ast.durationLit(t)},
    {"name": "literal", "symbols": [{"literal":"-"}, (lexer.has("duration") ? {type: "duration"} : duration)], "postprocess": (d: D) => ast.negate(d[0], ast.durationLit(d[1]))},
    {"name": "literal", "symbols": ["bool"], "postprocess": id},
    {"name": "literal", "symbols": ["string"], "postprocess": id},
    {"name": "literal", "symbols": ["enumRef"], "postprocess": id},
    {"name": "letDecl", "symbols": [{"literal":"let"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":"="}, "expr"], "postprocess": (d: D): ast.Let => ({ kind: "Let", name: ast.ident(d[1]), value: d[3], span: ast.spanFrom(kw(d), d[3]) })},
    {"name": "effectDecl$ebnf$1", "symbols": ["outcomes"], "postprocess": id},
    {"name": "effectDecl$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "effectDecl", "symbols": [{"literal":"effect"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":"("}, "effectParams", {"literal":")"}, "effectDecl$ebnf$1"], "postprocess": (d: D): ast.EffectDecl => ({ kind: "Effect", name: ast.ident(d[1]), params: items(d[3]), outcomes: d[5], span: ast.spanFrom(kw(d), d[5] ?? d[4]) })},
    {"name": "outcomes", "symbols": [{"literal":"{"}, "outcomeItems", {"literal":"}"}], "postprocess": (d: D): ast.Outcomes => ({ blocks: items(d[1]), span: ast.spanFrom(d[0], d[2]) })},
    {"name": "outcomeItems", "symbols": [], "postprocess": () => null},
    {"name": "outcomeItems", "symbols": ["outcomeItems", "outcomeItem"], "postprocess": ([rest, item]) => cell(rest, item)},
    {"name": "outcomeItem$subexpression$1", "symbols": [{"literal":"done"}]},
    {"name": "outcomeItem$subexpression$1", "symbols": [{"literal":"failed"}]},
    {"name": "outcomeItem", "symbols": ["outcomeItem$subexpression$1", "block"], "postprocess": (d: D): ast.OutcomeBlock => ({ kind: d[0][0].value, keyword: ast.ident(d[0][0]), step: d[1].stmts, span: ast.spanFrom(d[0][0], d[1]) })},
    {"name": "outcomeItem", "symbols": [{"literal":";"}], "postprocess": () => null},
    {"name": "effectParams", "symbols": [], "postprocess": () => null},
    {"name": "effectParams", "symbols": ["effectParamList"], "postprocess": id},
    {"name": "effectParamList", "symbols": ["effectParam"], "postprocess": ([p]) => cell(null, p)},
    {"name": "effectParamList", "symbols": ["effectParamList", {"literal":","}, "effectParam"], "postprocess": (d: D) => cell(d[0], d[2])},
    {"name": "effectParam", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident), {"literal":":"}, (lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": (d: D): ast.EffectParam => ({ name: ast.ident(d[0]), type: ast.ident(d[2]) })},
    {"name": "invariant", "symbols": [{"literal":"invariant"}, "expr"], "postprocess": (d: D): ast.Invariant => ({ kind: "Invariant", name: null, expr: d[1], span: ast.spanFrom(kw(d), d[1]) })},
    {"name": "invariant", "symbols": [{"literal":"invariant"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":":"}, "expr"], "postprocess": (d: D): ast.Invariant => ({ kind: "Invariant", name: ast.ident(d[1]), expr: d[3], span: ast.spanFrom(kw(d), d[3]) })},
    {"name": "goal", "symbols": [{"literal":"goal"}, "expr"], "postprocess": (d: D): ast.Goal => ({ kind: "Goal", name: null, expr: d[1], span: ast.spanFrom(kw(d), d[1]) })},
    {"name": "goal", "symbols": [{"literal":"goal"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":":"}, "expr"], "postprocess": (d: D): ast.Goal => ({ kind: "Goal", name: ast.ident(d[1]), expr: d[3], span: ast.spanFrom(kw(d), d[3]) })},
    {"name": "transition$ebnf$1", "symbols": ["guard"], "postprocess": id},
    {"name": "transition$ebnf$1", "symbols": [], "postprocess": () => null},
    {"name": "transition", "symbols": [{"literal":"transition"}, (lexer.has("ident") ? {type: "ident"} : ident), "transition$ebnf$1", {"literal":"{"}, {"literal":"step"}, "block", {"literal":"}"}], "postprocess": (d: D): ast.Transition => ({ kind: "Transition", name: ast.ident(d[1]), keys: [], guard: d[2], step: d[5].stmts, span: ast.spanFrom(kw(d), d[6]) })},
    {"name": "transition$ebnf$2", "symbols": ["guard"], "postprocess": id},
    {"name": "transition$ebnf$2", "symbols": [], "postprocess": () => null},
    {"name": "transition", "symbols": [{"literal":"transition"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":"("}, "effectParamList", {"literal":")"}, "transition$ebnf$2", {"literal":"{"}, {"literal":"step"}, "block", {"literal":"}"}], "postprocess": (d: D): ast.Transition => ({ kind: "Transition", name: ast.ident(d[1]), keys: items(d[3]), guard: d[5], step: d[8].stmts, span: ast.spanFrom(kw(d), d[9]) })},
    {"name": "guard", "symbols": [{"literal":"when"}, "expr"], "postprocess": (d: D) => d[1]},
    {"name": "block", "symbols": [{"literal":"{"}, "stmtItems", {"literal":"}"}], "postprocess": (d: D) => ({ stmts: items(d[1]) as ast.Stmt[], span: ast.spanFrom(d[0], d[2]) })},
    {"name": "stmtItems", "symbols": [], "postprocess": () => null},
    {"name": "stmtItems", "symbols": ["stmtItems", "stmtItem"], "postprocess": ([rest, item]) => cell(rest, item)},
    {"name": "stmtItem", "symbols": ["statement"], "postprocess": id},
    {"name": "stmtItem", "symbols": [{"literal":";"}], "postprocess": () => null},
    {"name": "statement", "symbols": ["assign"], "postprocess": id},
    {"name": "statement", "symbols": ["ifStmt"], "postprocess": id},
    {"name": "statement", "symbols": ["letDecl"], "postprocess": id},
    {"name": "statement", "symbols": ["call"], "postprocess": (d: D): ast.CallStmt => ({ kind: "CallStmt", call: d[0], span: d[0].span })},
    {"name": "assign", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident), "assignOp", "expr"], "postprocess": (d: D): ast.Assign => ({ kind: "Assign", target: ast.ident(d[0]), key: null, op: d[1].value, value: d[2], span: ast.spanFrom(d[0], d[2]) })},
    {"name": "assign", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident), {"literal":"["}, "expr", {"literal":"]"}, "assignOp", "expr"], "postprocess": (d: D): ast.Assign => ({ kind: "Assign", target: ast.ident(d[0]), key: d[2], op: d[4].value, value: d[5], span: ast.spanFrom(d[0], d[5]) })},
    {"name": "assignOp", "symbols": [{"literal":"="}], "postprocess": id},
    {"name": "assignOp", "symbols": [{"literal":"+="}], "postprocess": id},
    {"name": "assignOp", "symbols": [{"literal":"-="}], "postprocess": id},
    {"name": "assignOp", "symbols": [{"literal":"*="}], "postprocess": id},
    {"name": "ifStmt", "symbols": [{"literal":"if"}, "expr", "block"], "postprocess": (d: D): ast.If => ({ kind: "If", cond: d[1], then: d[2].stmts, else: null, span: ast.spanFrom(kw(d), d[2]) })},
    {"name": "ifStmt", "symbols": [{"literal":"if"}, "expr", "block", {"literal":"else"}, "block"], "postprocess": (d: D): ast.If => ({ kind: "If", cond: d[1], then: d[2].stmts, else: d[4].stmts, span: ast.spanFrom(kw(d), d[4]) })},
    {"name": "ifStmt", "symbols": [{"literal":"if"}, "expr", "block", {"literal":"else"}, "ifStmt"], "postprocess": (d: D): ast.If => ({ kind: "If", cond: d[1], then: d[2].stmts, else: d[4], span: ast.spanFrom(kw(d), d[4]) })},
    {"name": "expr", "symbols": ["implies"], "postprocess": id},
    {"name": "expr", "symbols": [{"literal":"if"}, "expr", {"literal":"then"}, "expr", {"literal":"else"}, "expr"], "postprocess": (d: D): ast.Conditional => ({ kind: "Conditional", cond: d[1], then: d[3], else: d[5], span: ast.spanFrom(kw(d), d[5]) })},
    {"name": "expr$subexpression$1", "symbols": [{"literal":"all"}]},
    {"name": "expr$subexpression$1", "symbols": [{"literal":"any"}]},
    {"name": "expr", "symbols": ["expr$subexpression$1", (lexer.has("ident") ? {type: "ident"} : ident), {"literal":"in"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":":"}, "expr"], "postprocess": (d: D): ast.Quantifier => ({ kind: "Quantifier", op: d[0][0].value, keyword: ast.ident(d[0][0]), binder: ast.ident(d[1]), over: ast.ident(d[3]), body: d[5], span: ast.spanFrom(d[0][0], d[5]) })},
    {"name": "implies", "symbols": ["implies", {"literal":"=>"}, "or"], "postprocess": binary},
    {"name": "implies", "symbols": ["or"], "postprocess": id},
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
    {"name": "primary", "symbols": [(lexer.has("duration") ? {type: "duration"} : duration)], "postprocess": ([t]) => ast.durationLit(t)},
    {"name": "primary", "symbols": [{"literal":"now"}], "postprocess": ([t]): ast.Now => ({ kind: "Now", span: ast.tokenSpan(t) })},
    {"name": "primary", "symbols": ["bool"], "postprocess": id},
    {"name": "primary", "symbols": ["string"], "postprocess": id},
    {"name": "primary", "symbols": ["interpolation"], "postprocess": id},
    {"name": "primary", "symbols": ["enumRef"], "postprocess": id},
    {"name": "primary", "symbols": ["call"], "postprocess": id},
    {"name": "primary", "symbols": ["fold"], "postprocess": id},
    {"name": "primary", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": ([t]): ast.Name => ({ kind: "Name", name: t.value, span: ast.tokenSpan(t) })},
    {"name": "primary", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident), {"literal":"["}, "expr", {"literal":"]"}], "postprocess": (d: D): ast.Index => ({ kind: "Index", target: ast.ident(d[0]), key: d[2], span: ast.spanFrom(d[0], d[3]) })},
    {"name": "primary", "symbols": [{"literal":"("}, "expr", {"literal":")"}], "postprocess": (d: D): ast.Expr => ({ ...d[1], span: ast.spanFrom(d[0], d[2]) })},
    {"name": "call", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident), {"literal":"("}, "args", {"literal":")"}], "postprocess": (d: D): ast.Call => ({ kind: "Call", callee: ast.ident(d[0]), args: items(d[2]), span: ast.spanFrom(d[0], d[3]) })},
    {"name": "fold$subexpression$1", "symbols": [{"literal":"sum"}]},
    {"name": "fold$subexpression$1", "symbols": [{"literal":"count"}]},
    {"name": "fold$subexpression$1", "symbols": [{"literal":"min"}]},
    {"name": "fold$subexpression$1", "symbols": [{"literal":"max"}]},
    {"name": "fold", "symbols": ["fold$subexpression$1", {"literal":"("}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":"in"}, (lexer.has("ident") ? {type: "ident"} : ident), {"literal":":"}, "expr", {"literal":")"}], "postprocess": (d: D): ast.Quantifier => ({ kind: "Quantifier", op: d[0][0].value, keyword: ast.ident(d[0][0]), binder: ast.ident(d[2]), over: ast.ident(d[4]), body: d[6], span: ast.spanFrom(d[0][0], d[7]) })},
    {"name": "args", "symbols": [], "postprocess": () => null},
    {"name": "args", "symbols": ["argList"], "postprocess": id},
    {"name": "argList", "symbols": ["expr"], "postprocess": ([e]) => cell(null, e)},
    {"name": "argList", "symbols": ["argList", {"literal":","}, "expr"], "postprocess": (d: D) => cell(d[0], d[2])},
    {"name": "enumRef", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident), {"literal":"."}, (lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": (d: D): ast.EnumRef => ({ kind: "EnumRef", enum: ast.ident(d[0]), member: ast.ident(d[2]), span: ast.spanFrom(d[0], d[2]) })},
    {"name": "bool", "symbols": [{"literal":"true"}], "postprocess": ([t]): ast.BoolLit => ({ kind: "Bool", value: true, span: ast.tokenSpan(t) })},
    {"name": "bool", "symbols": [{"literal":"false"}], "postprocess": ([t]): ast.BoolLit => ({ kind: "Bool", value: false, span: ast.tokenSpan(t) })},
    {"name": "string", "symbols": [(lexer.has("string") ? {type: "string"} : string)], "postprocess": ([t]): ast.StringLit => ({ kind: "String", raw: t.value, value: "", span: ast.tokenSpan(t) })},
    {"name": "interpolation", "symbols": [(lexer.has("stringHead") ? {type: "stringHead"} : stringHead), "holes", (lexer.has("stringTail") ? {type: "stringTail"} : stringTail)], "postprocess":  (d: D): ast.Interpolation => {
          const holes = items(d[1]) as { text: Token | null; expr: ast.Expr }[];
          const texts = [d[0], ...holes.slice(1).map((h) => h.text!), d[2]].map((t: Token) => ({ raw: t.value, value: "", span: ast.tokenSpan(t) }));
          return { kind: "Interpolation", texts, holes: holes.map((h) => h.expr), span: ast.spanFrom(d[0], d[2]) };
        } },
    {"name": "holes", "symbols": ["expr"], "postprocess": ([e]) => cell(null, { text: null, expr: e })},
    {"name": "holes", "symbols": ["holes", (lexer.has("stringMiddle") ? {type: "stringMiddle"} : stringMiddle), "expr"], "postprocess": (d: D) => cell(d[0], { text: d[1], expr: d[2] })}
  ],
  ParserStart: "program",
};

export default grammar;
