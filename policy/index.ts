import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules";

// `pulumi preview --policy-pack policy` runs this file; the rules live in rules/ so tests can call them directly.
new PolicyPack("cola-serverless-guardrails", {
  enforcementLevel: "mandatory",
  policies,
});
