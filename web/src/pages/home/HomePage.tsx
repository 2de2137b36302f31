import { Col, Row } from 'antd';
import { useCan, useMe } from '../../session/SessionContext.ts';
import { Greeting } from './Greeting.tsx';
import { AccountsOverview } from './AccountsOverview.tsx';
import { JobsOverview } from './JobsOverview.tsx';
import { RegistryOverview } from './RegistryOverview.tsx';
import { AuditOverview } from './AuditOverview.tsx';
import { MyOrganizationCard } from './MyOrganizationCard.tsx';
import { SecurityCard } from './SecurityCard.tsx';
import { QuickLinks } from './QuickLinks.tsx';

/** Each role sees what it works with: blocks appear by permission, never as empty placeholders. */
export default function HomePage() {
  const me = useMe();
  const can = useCan();
  const showMyOrg = !can('organization.list') && (me.user.organizationId !== null || me.user.roles.includes('applicant'));
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Greeting />
      </Col>
      {can('user.list') ? (
        <Col xs={24} xl={16}>
          <AccountsOverview />
        </Col>
      ) : null}
      {can('job.list') ? (
        <Col xs={24} xl={8}>
          <JobsOverview />
        </Col>
      ) : null}
      {can('audit.read') ? (
        <Col xs={24} xl={can('organization.list') ? 14 : 24}>
          <AuditOverview />
        </Col>
      ) : null}
      {can('organization.list') ? (
        <Col xs={24} xl={can('audit.read') ? 10 : 16}>
          <RegistryOverview />
        </Col>
      ) : null}
      {showMyOrg ? (
        <Col xs={24} lg={14}>
          <MyOrganizationCard organizationId={me.user.organizationId} />
        </Col>
      ) : null}
      <Col xs={24} lg={showMyOrg ? 10 : 12} xl={showMyOrg ? 10 : 8}>
        <SecurityCard />
      </Col>
      <Col xs={24} lg={showMyOrg ? 24 : 12} xl={showMyOrg ? 24 : 16}>
        <QuickLinks />
      </Col>
    </Row>
  );
}
