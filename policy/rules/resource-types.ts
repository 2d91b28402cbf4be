/** Pulumi type tokens the rules look at; string tokens keep the pack free of the (large) @pulumi/aws SDK. */
export const LAMBDA_FUNCTION = "aws:lambda/function:Function";
export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const ECR_REPOSITORY = "aws:ecr/repository:Repository";
/** awsx's component: its inputs carry the same scanning settings it passes to its aws:ecr Repository. */
export const AWSX_ECR_REPOSITORY = "awsx:ecr:Repository";
export const HTTP_API_STAGE = "aws:apigatewayv2/stage:Stage";
export const IAM_ROLE = "aws:iam/role:Role";
export const IAM_ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
export const IAM_POLICY = "aws:iam/policy:Policy";
export const IAM_USER_POLICY = "aws:iam/userPolicy:UserPolicy";
export const IAM_GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy";
